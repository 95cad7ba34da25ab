package org.openhorde.interrogations.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.interrogations.repository.InterrogationRepository.FormRow;
import org.openhorde.kit.storage.GenerationDownloads;
import org.openhorde.kit.webhook.WebhookSender;

/**
 * The AI Horde's alchemy webhook: after each delivered form, the interrogation's {@code webhook} receives
 * {@code {form, state, result, worker_id, worker_name, request, id, kudos}} (its {@code InterrogationForms.get_details}
 * plus the interrogation id, the form id and the worker's reward). A post-processor's {@code "R2"} result is a
 * presigned download URL there, as in the status. Posted only after the delivery committed.
 */
@Startup
@ApplicationScoped
public class FormWebhooks {

    private static final String R2 = "R2";
    private static final Logger LOG = Logger.getLogger(FormWebhooks.class);

    private final WebhookSender sender;
    private final GenerationDownloads downloads;

    FormWebhooks(WebhookSender sender) {
        this.sender = sender;
        this.downloads = GenerationDownloads.fromConfig(ConfigProvider.getConfig());
    }

    /** Hands the delivered form's webhook to the sender, if its interrogation has one; never fails nor waits. */
    public void delivered(FormRow form, Map<String, Object> result) {
        if (form.webhook() == null) {
            return;
        }
        try {
            sender.send(form.webhook(), body(form, result));
        } catch (RuntimeException e) {
            // The delivery committed: its webhook's trouble must not fail the worker's submit.
            LOG.warnf(e, "Webhook for form %s could not be built", form.id());
        }
    }

    private Map<String, Object> body(FormRow form, Map<String, Object> result) {
        Map<String, Object> shown = new LinkedHashMap<>();
        result.forEach((key, value) -> shown.put(key, R2.equals(value) ? downloads.url(form.id()) : value));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("form", form.name());
        body.put("state", "done");
        body.put("result", shown);
        body.put("worker_id", form.workerId() == null ? null : form.workerId().toString());
        body.put("worker_name", form.workerName());
        body.put("request", form.interrogationId().toString());
        body.put("id", form.id().toString());
        body.put("kudos", Centikudos.toWireKudos(form.kudos()));
        return body;
    }
}

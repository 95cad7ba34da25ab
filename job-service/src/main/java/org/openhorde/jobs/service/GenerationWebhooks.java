package org.openhorde.jobs.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.jobs.domain.Job;
import org.openhorde.jobs.domain.WaitingRequest;
import org.openhorde.kit.storage.GenerationDownloads;
import org.openhorde.kit.webhook.WebhookSender;

/**
 * The AI Horde's generation webhook: after each delivered (or censored) image or text, the request's {@code webhook}
 * receives the generation as its status shows it, plus {@code request} (the request id), {@code id} (the job id) and
 * {@code kudos} (the worker's reward). Built in the delivering transaction, posted only after it committed.
 */
@Startup
@ApplicationScoped
public class GenerationWebhooks {

    /** A webhook to post once the delivery committed. */
    public record Delivery(String url, Map<String, Object> body) {
    }

    private static final Logger LOG = Logger.getLogger(GenerationWebhooks.class);

    private final WebhookSender sender;
    private final GenerationDownloads downloads;

    GenerationWebhooks(WebhookSender sender) {
        this.sender = sender;
        this.downloads = GenerationDownloads.fromConfig(ConfigProvider.getConfig());
    }

    /** The image webhook's body (the AI Horde's stable {@code get_details}), or null when the request has none. */
    public Delivery image(WaitingRequest request, Job job, JobOutcome outcome, String seed, long reward) {
        String url = request.spec().webhook();
        if (url == null || !outcome.delivered()) {
            return null;
        }
        Map<String, Object> body = common(request, job, seed, reward);
        // Signed when posted: a signature is local work, and the delivery it describes is not yet committed here.
        body.put("img", job.id());
        body.put("censored", outcome == JobOutcome.CENSORED);
        return new Delivery(url, body);
    }

    /** The text webhook's body (the AI Horde's kobold {@code get_details}), or null when the request has none. */
    public Delivery text(WaitingRequest request, Job job, JobOutcome outcome, String seed, String text, long reward) {
        String url = request.textSpec().webhook();
        if (url == null || !outcome.delivered()) {
            return null;
        }
        Map<String, Object> body = common(request, job, seed, reward);
        body.put("text", text);
        body.put("state", outcome == JobOutcome.CENSORED ? "censored" : "ok");
        return new Delivery(url, body);
    }

    private static Map<String, Object> common(WaitingRequest request, Job job, String seed, long reward) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seed", seed);
        body.put("worker_id", job.worker().id().toString());
        body.put("worker_name", job.worker().name());
        body.put("model", job.model());
        body.put("gen_metadata", List.of());
        body.put("request", request.id().toString());
        body.put("id", job.id().toString());
        body.put("kudos", Centikudos.toWireKudos(reward));
        return body;
    }

    /** Hands the delivery to the sender; never fails nor waits for the receiver. */
    public void send(Delivery delivery) {
        if (delivery == null) {
            return;
        }
        try {
            Map<String, Object> body = new LinkedHashMap<>(delivery.body());
            if (body.get("img") instanceof UUID jobId) {
                body.put("img", downloads.url(jobId));
            }
            sender.send(delivery.url(), body);
        } catch (RuntimeException e) {
            // The delivery committed: its webhook's trouble must not fail the worker's submit.
            LOG.warnf(e, "Webhook for job %s could not be built", delivery.body().get("id"));
        }
    }
}

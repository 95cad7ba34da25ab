package org.openhorde.storage.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import org.openhorde.kit.fetch.AddressPolicy;
import org.openhorde.kit.fetch.SourceFetcher;

/** The kit's safe URL fetcher, set up with this service's source limits ({@code horde.storage.sources.*}). */
public class SourceFetching {

    @Produces
    @ApplicationScoped
    SourceFetcher sourceFetcher(StorageConfig config) {
        StorageConfig.Sources sources = config.sources();
        return new SourceFetcher(AddressPolicy.PUBLIC_ONLY,
                SourceFetcher.trust(sources.trustStore(), sources.trustStorePassword()),
                sources.allowedHosts().orElse(List.of()), sources.maxBytes(), sources.maxRedirects(),
                sources.connectTimeout(), sources.readTimeout(), sources.callTimeout());
    }
}

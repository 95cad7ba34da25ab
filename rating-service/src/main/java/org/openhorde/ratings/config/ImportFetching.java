package org.openhorde.ratings.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.util.List;
import org.openhorde.kit.fetch.AddressPolicy;
import org.openhorde.kit.fetch.SourceFetcher;

/**
 * The kit's safe URL fetcher (the one storage-service fetches img2img sources with), twice: for a dataset's images
 * with the image cap, and for its manifest with the manifest's larger cap and longer time.
 */
public class ImportFetching {

    public static final String IMAGES = "dataset-images";
    public static final String MANIFESTS = "dataset-manifests";

    @Produces
    @ApplicationScoped
    @Named(IMAGES)
    SourceFetcher images(RatingConfig config) {
        RatingConfig.Imports imports = config.imports();
        return new SourceFetcher(AddressPolicy.PUBLIC_ONLY,
                SourceFetcher.trust(imports.trustStore(), imports.trustStorePassword()),
                imports.allowedHosts().orElse(List.of()), imports.maxImageBytes(), imports.maxRedirects(),
                imports.connectTimeout(), imports.readTimeout(), imports.callTimeout());
    }

    @Produces
    @ApplicationScoped
    @Named(MANIFESTS)
    SourceFetcher manifests(RatingConfig config) {
        RatingConfig.Imports imports = config.imports();
        return new SourceFetcher(AddressPolicy.PUBLIC_ONLY,
                SourceFetcher.trust(imports.trustStore(), imports.trustStorePassword()),
                imports.allowedHosts().orElse(List.of()), imports.maxManifestBytes(), imports.maxRedirects(),
                imports.connectTimeout(), imports.readTimeout(), imports.manifestCallTimeout());
    }
}

package org.openhorde.ratings.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.openhorde.ratings.repository.Dataset;

/** Finds a dataset by its name, creating it the first time; safe when replicas race (its id derives from the name). */
@ApplicationScoped
public class DatasetCatalog {

    public static UUID idOf(String name) {
        return UUID.nameUUIDFromBytes(("dataset:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** Inside a session or transaction. */
    public Uni<Dataset> ensure(UUID id, String name, String description) {
        // Explicit SQL: "create unless it exists" is one statement that cannot conflict, which an entity persist
        // racing another replica's is not.
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into datasets (id, name, description) values (:id, :name, :description)
                        on conflict do nothing
                        """)
                .setParameter("id", id).setParameter("name", name).setParameter("description", description)
                .executeUpdate())
                .flatMap(ignored -> Dataset.<Dataset>findById(id));
    }
}

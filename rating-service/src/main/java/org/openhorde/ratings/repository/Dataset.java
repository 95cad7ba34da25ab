package org.openhorde.ratings.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A set of rateable images: the horde's shared generations, the sample dataset, later imported ones. */
@Entity
@Table(name = "datasets")
public class Dataset extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(nullable = false)
    public String description;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Dataset of(UUID id, String name, String description) {
        Dataset dataset = new Dataset();
        dataset.id = id;
        dataset.name = name;
        dataset.description = description;
        dataset.createdAt = Instant.now();
        return dataset;
    }
}

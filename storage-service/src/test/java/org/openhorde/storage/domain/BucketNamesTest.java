package org.openhorde.storage.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins the S3 bucket naming rules checked at start. */
class BucketNamesTest {

    @Test
    void environmentPrefixedNamesAreFine() {
        assertTrue(BucketNames.problem("horde-generations").isEmpty());
        assertTrue(BucketNames.problem("it-shared").isEmpty());
        assertTrue(BucketNames.problem("abc").isEmpty());
        assertTrue(BucketNames.problem("a".repeat(63)).isEmpty());
    }

    @Test
    void namesS3RefusesAreRefused() {
        assertTrue(BucketNames.problem("Horde-Generations").isPresent(), "uppercase");
        assertTrue(BucketNames.problem("ab").isPresent(), "too short");
        assertTrue(BucketNames.problem("a".repeat(64)).isPresent(), "too long");
        assertTrue(BucketNames.problem("horde_generations").isPresent(), "underscore");
        assertTrue(BucketNames.problem("-horde").isPresent(), "leading hyphen");
        assertTrue(BucketNames.problem("horde..generations").isPresent(), "double dot");
        assertTrue(BucketNames.problem("${horde.env}-generations").isPresent(), "unexpanded expression");
        assertTrue(BucketNames.problem(null).isPresent());
    }
}

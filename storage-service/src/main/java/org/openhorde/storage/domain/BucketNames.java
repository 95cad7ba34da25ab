package org.openhorde.storage.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** S3 bucket naming rules, checked at start so a bad name fails loudly instead of on the first upload. */
public final class BucketNames {

    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private BucketNames() {
    }

    /** Why a bucket name is refused, or empty when it is fine. */
    public static Optional<String> problem(String name) {
        if (name == null || !ALLOWED.matcher(name).matches() || name.contains("..")) {
            return Optional.of("bucket name '" + name + "' must be 3-63 lowercase letters, digits, '.' or '-',"
                    + " starting and ending with a letter or digit");
        }
        return Optional.empty();
    }
}

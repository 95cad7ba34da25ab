package org.openhorde.kudos.domain;

import java.util.OptionalLong;

/**
 * The AI Horde names a transfer's target as {@code alias#id}; only the id after the last {@code #} counts (a bare id is
 * accepted too).
 */
public final class TransferTarget {

    private TransferTarget() {
    }

    public static OptionalLong userId(String target) {
        if (target == null) {
            return OptionalLong.empty();
        }
        String id = target.substring(target.lastIndexOf('#') + 1).strip();
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(id));
    }
}

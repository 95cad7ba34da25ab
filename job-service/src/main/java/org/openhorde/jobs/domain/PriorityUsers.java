package org.openhorde.jobs.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The users a worker serves before everybody else (AI Horde: its owner and its {@code priority_usernames}, given as
 * {@code alias#id}). The id after the last {@code #} names the user; the gateway has already rejected other shapes.
 */
public final class PriorityUsers {

    private PriorityUsers() {
    }

    public static List<Long> ids(long ownerUserId, List<String> aliases) {
        Set<Long> ids = new LinkedHashSet<>();
        ids.add(ownerUserId);
        if (aliases != null) {
            for (String alias : aliases) {
                if (alias == null) {
                    continue;
                }
                int hash = alias.lastIndexOf('#');
                try {
                    ids.add(Long.parseLong(alias.substring(hash + 1)));
                } catch (NumberFormatException e) {
                    // not an alias: it names nobody, as an unknown alias does in the AI Horde
                }
            }
        }
        return List.copyOf(ids);
    }
}

package org.openhorde.contracts.economy;

/**
 * What using a style someone else owns costs: the AI Horde gives the style's owner 2 kudos ({@code styled}) per
 * request and charges the requester 2 more (its activation tax's {@code kudos_adjustment}). Decision 0043.
 */
public final class StyleKudos {

    public static final long FOREIGN_STYLE = Centikudos.ofKudos(2);

    private StyleKudos() {
    }
}

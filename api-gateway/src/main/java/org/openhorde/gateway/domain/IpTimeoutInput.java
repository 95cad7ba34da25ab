package org.openhorde.gateway.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * The AI Horde's {@code AddTimeoutIPInput} / {@code DeleteTimeoutIPInput} ({@code ipaddr}: 7 to 40 characters;
 * {@code hours}: 1 to 720) and {@code AddWorkerTimeout} ({@code days}: 1 to 30), checked as its schema checks them.
 */
public record IpTimeoutInput(String ipaddr, Integer hours, Integer days) {

    /** A POST: the address or block and how long. */
    public static IpAddresses.Block checkAdd(IpTimeoutInput input) {
        Map<String, String> errors = new LinkedHashMap<>();
        checkAddress(input, errors);
        Integer hours = input == null ? null : input.hours();
        if (hours == null) {
            errors.put("hours", "'hours' is a required property");
        } else if (hours < 1 || hours > 24 * 30) {
            errors.put("hours", hours + " is not within 1 and 720");
        }
        failOn(errors);
        return block(input.ipaddr());
    }

    /** A DELETE: the address or block. */
    public static IpAddresses.Block checkDelete(IpTimeoutInput input) {
        Map<String, String> errors = new LinkedHashMap<>();
        checkAddress(input, errors);
        failOn(errors);
        return block(input.ipaddr());
    }

    /** A worker's IP block: for how many days. */
    public static int checkWorkerDays(IpTimeoutInput input) {
        Integer days = input == null ? null : input.days();
        Map<String, String> errors = new LinkedHashMap<>();
        if (days == null) {
            errors.put("days", "'days' is a required property");
        } else if (days < 1 || days > 30) {
            errors.put("days", days + " is not within 1 and 30");
        }
        failOn(errors);
        return days;
    }

    /** An address or block as text (a path parameter or the body's), or 400 "Invalid IP Address" as the AI Horde. */
    public static IpAddresses.Block block(String text) {
        return IpAddresses.parseBlock(text).orElseThrow(() -> new HordeException(Rc.BadRequest, "Invalid IP Address"));
    }

    private static void checkAddress(IpTimeoutInput input, Map<String, String> errors) {
        String ipaddr = input == null ? null : input.ipaddr();
        if (ipaddr == null) {
            errors.put("ipaddr", "'ipaddr' is a required property");
        } else if (ipaddr.length() < 7 || ipaddr.length() > 40) {
            errors.put("ipaddr", "'" + ipaddr + "' must be 7 to 40 characters long");
        }
    }

    private static void failOn(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(errors));
        }
    }
}

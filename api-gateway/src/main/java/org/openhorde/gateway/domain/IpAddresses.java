package org.openhorde.gateway.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses and CIDR blocks as the AI Horde's IP timeouts take them ({@code 203.0.113.7}, {@code 203.0.113.0/24},
 * {@code 2001:db8::/64}). Parsing never resolves a name: only literals are accepted.
 */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private IpAddresses() {
    }

    /** An address or block: its network address and prefix length (32 or 128 for a single address). */
    public record Block(byte[] network, int prefixLength) {

        /** The canonical text: {@code 203.0.113.7} for one address, {@code 203.0.113.0/24} for a block. */
        public String text() {
            String address = format(network);
            return prefixLength == network.length * 8 ? address : address + "/" + prefixLength;
        }

        public boolean isSingleAddress() {
            return prefixLength == network.length * 8;
        }

        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            // Byte by byte, then the partial byte's leading bits: every call of an exempt client asks this, and the
            // network's host bits are cleared already.
            int wholeBytes = prefixLength / 8;
            for (int i = 0; i < wholeBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int bits = prefixLength % 8;
            if (bits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - bits)) & 0xFF;
            return (address[wholeBytes] & mask) == (network[wholeBytes] & mask);
        }
    }

    /** An address literal, or empty when the text is not one. */
    public static Optional<byte[]> parseAddress(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip();
        if (IPV4.matcher(candidate).matches()) {
            return literal(candidate);
        }
        // With a colon, the JDK parses an IPv6 literal and never looks a name up.
        if (candidate.indexOf(':') >= 0 && IPV6_CHARS.matcher(candidate).matches()) {
            return literal(candidate);
        }
        return Optional.empty();
    }

    /**
     * An address or a CIDR block (host bits are cleared: {@code 203.0.113.9/24} is {@code 203.0.113.0/24}), or
     * empty when the text is neither, which the AI Horde answers with 400 "Invalid IP Address".
     */
    public static Optional<Block> parseBlock(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        Optional<byte[]> address = parseAddress(parts[0]);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            if (!parts[1].matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(parts[1]);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Block(clear(address.get(), prefix), prefix));
    }

    /** The canonical text of an address (IPv6 in its full lower-case form, so one address is one key). */
    public static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address is 4 or 16 bytes", e);
        }
    }

    /** The AI Horde blocks an IPv6 worker's whole /64, since one host holds many of its addresses. */
    public static Block workerBlock(byte[] address) {
        return address.length == 16 ? new Block(clear(address, 64), 64) : new Block(address.clone(), 32);
    }

    private static Optional<byte[]> literal(String candidate) {
        try {
            byte[] bytes = InetAddress.getByName(candidate).getAddress();
            return Optional.of(bytes);
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static byte[] clear(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }
}

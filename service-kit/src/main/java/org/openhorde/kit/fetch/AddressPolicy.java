package org.openhorde.kit.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Which network addresses the horde may connect to when it fetches a URL a client gave it. The horde must not become
 * a proxy into its own network: {@link #PUBLIC_ONLY} refuses every address that is not routable on the public
 * internet (private, loopback, link-local — which includes the cloud metadata service 169.254.169.254 —, CGNAT,
 * multicast, unspecified, documentation and benchmarking ranges, IPv6 unique-local), and judges IPv4 addresses
 * embedded in IPv6 (mapped, compatible, NAT64) by their IPv4 part.
 */
@FunctionalInterface
public interface AddressPolicy {

    boolean allows(InetAddress address);

    AddressPolicy PUBLIC_ONLY = AddressPolicy::isPublic;

    private static boolean isPublic(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return isPublicV4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            return isPublicV6(v6.getAddress());
        }
        return false;
    }

    private static boolean isPublicV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        return !(b0 == 0                                   // "this" network, 0.0.0.0
                || b0 == 10                                // private
                || b0 == 100 && b1 >= 64 && b1 <= 127      // CGNAT 100.64/10
                || b0 == 127                               // loopback
                || b0 == 169 && b1 == 254                  // link-local, cloud metadata
                || b0 == 172 && b1 >= 16 && b1 <= 31       // private
                || b0 == 192 && b1 == 0 && b2 == 0         // IETF protocol assignments
                || b0 == 192 && b1 == 0 && b2 == 2         // TEST-NET-1
                || b0 == 192 && b1 == 88 && b2 == 99       // 6to4 relay anycast
                || b0 == 192 && b1 == 168                  // private
                || b0 == 198 && (b1 == 18 || b1 == 19)     // benchmarking
                || b0 == 198 && b1 == 51 && b2 == 100      // TEST-NET-2
                || b0 == 203 && b1 == 0 && b2 == 113       // TEST-NET-3
                || b0 >= 224);                             // multicast, reserved, broadcast
    }

    private static boolean isPublicV6(byte[] a) {
        byte[] zeros10 = new byte[10];
        if (Arrays.equals(Arrays.copyOf(a, 10), zeros10)) {
            boolean mapped = (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
            boolean compatible = a[10] == 0 && a[11] == 0;
            // ::, ::1 and every IPv4-mapped or -compatible address: judged by the IPv4 address inside.
            return (mapped || compatible) && isPublicV4(Arrays.copyOfRange(a, 12, 16));
        }
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 0x00 && b1 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
            // NAT64 64:ff9b::/96 reaches the IPv4 address in its last 4 bytes.
            return isPublicV4(Arrays.copyOfRange(a, 12, 16));
        }
        if (b0 == 0x20 && b1 == 0x02) {
            // 6to4 2002::/16 carries an IPv4 address in bytes 2-5.
            return isPublicV4(Arrays.copyOfRange(a, 2, 6));
        }
        return !((b0 & 0xfe) == 0xfc                          // unique-local fc00::/7
                || b0 == 0xfe && (b1 & 0xc0) == 0x80          // link-local fe80::/10
                || b0 == 0xfe && (b1 & 0xc0) == 0xc0          // site-local fec0::/10 (deprecated)
                || b0 == 0xff                                 // multicast
                || b0 == 0x20 && b1 == 0x01 && a[2] == 0x0d && (a[3] & 0xff) == 0xb8  // documentation 2001:db8::/32
                || b0 == 0x01 && b1 == 0x00 && a[2] == 0 && a[3] == 0);              // discard-only 100::/64
    }
}

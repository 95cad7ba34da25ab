package org.openhorde.kit.fetch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Pins which addresses the horde refuses to fetch from: everything that is not the public internet. */
class AddressPolicyTest {

    /** IP literals only: InetAddress parses them without any DNS lookup. */
    private static boolean allowed(String ip) throws Exception {
        return AddressPolicy.PUBLIC_ONLY.allows(InetAddress.getByName(ip));
    }

    @Test
    void privateLoopbackLinkLocalAndSpecialIpv4AreRefused() throws Exception {
        for (String ip : new String[] {"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1",
                "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.1",
                "198.18.0.1", "192.0.0.8"}) {
            assertFalse(allowed(ip), ip);
        }
    }

    @Test
    void privateAndSpecialIpv6AreRefusedAndEmbeddedIpv4IsJudgedByItsIpv4() throws Exception {
        for (String ip : new String[] {"::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
                "2001:db8::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a00:1",
                "2002:a00:1::1", "100::1"}) {
            assertFalse(allowed(ip), ip);
        }
        assertTrue(allowed("::ffff:93.184.215.14"));
        assertTrue(allowed("64:ff9b::5db8:d70e"));
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String ip : new String[] {"93.184.215.14", "1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                "2606:4700:4700::1111", "2a00:1450:4001::200e"}) {
            assertTrue(allowed(ip), ip);
        }
    }
}

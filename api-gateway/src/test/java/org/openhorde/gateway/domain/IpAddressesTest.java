package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins which addresses and CIDR blocks IP timeouts take, their canonical text and what a block contains. */
class IpAddressesTest {

    @Test
    void addressesAndBlocksAreCanonical() {
        assertEquals("203.0.113.7", IpAddresses.parseBlock("203.0.113.7").orElseThrow().text());
        assertTrue(IpAddresses.parseBlock("203.0.113.7").orElseThrow().isSingleAddress());
        assertEquals("203.0.113.0/24", IpAddresses.parseBlock("203.0.113.99/24").orElseThrow().text());
        assertEquals("2001:db8:0:0:0:0:0:1", IpAddresses.parseBlock("2001:DB8::1").orElseThrow().text());
        assertEquals("2001:db8:0:0:0:0:0:0/64", IpAddresses.parseBlock("2001:db8::1/64").orElseThrow().text());
    }

    @Test
    void namesAndNonsenseAreNotAddresses() {
        for (String bad : new String[] {"localhost", "example.org", "1.2.3", "256.1.1.1", "1.2.3.4/33", "1.2.3.4/x",
                "1.2.3.4/24/1", "::g", "", " ", "01.2.3.4", "1.2.3.4 ; DROP"}) {
            assertTrue(IpAddresses.parseBlock(bad).isEmpty(), bad);
        }
        assertTrue(IpAddresses.parseBlock(null).isEmpty());
    }

    @Test
    void aBlockContainsItsAddressesOnly() {
        IpAddresses.Block block = IpAddresses.parseBlock("198.51.100.0/24").orElseThrow();
        assertTrue(block.contains(IpAddresses.parseAddress("198.51.100.200").orElseThrow()));
        assertFalse(block.contains(IpAddresses.parseAddress("198.51.101.1").orElseThrow()));
        assertFalse(block.contains(IpAddresses.parseAddress("2001:db8::1").orElseThrow()));
        assertTrue(IpAddresses.parseBlock("0.0.0.0/0").orElseThrow()
                .contains(IpAddresses.parseAddress("8.8.8.8").orElseThrow()));
    }

    @Test
    void aPrefixThatEndsInsideAByteComparesOnlyItsLeadingBits() {
        IpAddresses.Block twenty = IpAddresses.parseBlock("203.0.113.9/20").orElseThrow(); // 203.0.112.0 - 203.0.127.255
        assertTrue(twenty.contains(IpAddresses.parseAddress("203.0.112.0").orElseThrow()));
        assertTrue(twenty.contains(IpAddresses.parseAddress("203.0.127.255").orElseThrow()));
        assertFalse(twenty.contains(IpAddresses.parseAddress("203.0.128.0").orElseThrow()));
        assertFalse(twenty.contains(IpAddresses.parseAddress("203.0.111.255").orElseThrow()));
        IpAddresses.Block single = IpAddresses.parseBlock("127.0.0.1").orElseThrow();
        assertTrue(single.contains(IpAddresses.parseAddress("127.0.0.1").orElseThrow()));
        assertFalse(single.contains(IpAddresses.parseAddress("127.0.0.2").orElseThrow()));
        IpAddresses.Block v6 = IpAddresses.parseBlock("2001:db8::/33").orElseThrow();
        assertTrue(v6.contains(IpAddresses.parseAddress("2001:db8:7fff::1").orElseThrow()));
        assertFalse(v6.contains(IpAddresses.parseAddress("2001:db8:8000::1").orElseThrow()));
    }

    @Test
    void anIpv6WorkerIsBlockedWithItsWhole64() {
        IpAddresses.Block block = IpAddresses.workerBlock(IpAddresses.parseAddress("2001:db8:1:2:aaaa::5").orElseThrow());
        assertEquals("2001:db8:1:2:0:0:0:0/64", block.text());
        assertTrue(block.contains(IpAddresses.parseAddress("2001:db8:1:2:ffff::1").orElseThrow()));
        assertEquals("192.0.2.9", IpAddresses.workerBlock(IpAddresses.parseAddress("192.0.2.9").orElseThrow()).text());
    }
}

package org.openhorde.contracts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class BackingServicesTest {

    @Test
    void aRefusedConnectionAnywhereInTheCauseChainIsUnreachable() {
        assertTrue(BackingServices.unreachable(new ConnectException("Connection refused")));
        assertTrue(BackingServices.unreachable(new CompletionException(new ConnectException("Connection refused"))));
    }

    @Test
    void lostConnectionSqlStatesAreUnreachableOtherDatabaseErrorsAreNot() {
        assertTrue(BackingServices.unreachable(new SQLException("terminating connection", "57P01")));
        assertTrue(BackingServices.unreachable(new SQLException("connection failure", "08006")));
        assertTrue(BackingServices.unreachable(new SQLException("sorry, too many clients already", "53300")));
        assertFalse(BackingServices.unreachable(new SQLException("duplicate key", "23505")));
        assertFalse(BackingServices.unreachable(new SQLException("syntax error", "42601")));
    }

    @Test
    void bugsAreNotUnreachable() {
        assertFalse(BackingServices.unreachable(new IllegalStateException("a bug")));
        assertFalse(BackingServices.unreachable(new NullPointerException()));
    }
}

/**
 * Payloads of the internal REST calls between the gateway and the owning services (commands that need an answer
 * now). Amounts are centikudos ({@code long}); the gateway converts them to the AI Horde's decimal kudos on the wire.
 */
package org.openhorde.contracts.internal;

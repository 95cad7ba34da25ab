/**
 * The OpenHorde service kit: what every service shares so that none writes it again. See docs/service-layout.md.
 */
package org.openhorde.kit;

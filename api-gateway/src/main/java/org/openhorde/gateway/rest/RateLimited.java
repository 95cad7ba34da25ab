package org.openhorde.gateway.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.openhorde.gateway.domain.LimitedRoute;

/** Names the limits of a resource method; without it, the route has the default limit (see {@link RateLimitFilter}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RateLimited {
    LimitedRoute value();
}

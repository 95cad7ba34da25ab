package org.openhorde.kudos;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.UUID;

/**
 * Users for kudos-service's {@code @QuarkusTest}s, made and read through the service's own internal API, each with a
 * fresh name so that tests never share a user (the test schema is shared by every test class of a run).
 */
public final class KudosTestUsers {

    private KudosTestUsers() {
    }

    /** A new user with {@code kudos} to start with; its name starts with {@code prefix} (it tells which test made it). */
    public static long createUser(String prefix, long kudos, boolean trusted) {
        String name = prefix + UUID.randomUUID().toString().substring(0, 8);
        Integer id = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + name + "\",\"kudos\":" + kudos + ",\"trusted\":" + trusted
                        + ",\"createdByUserId\":1}")
                .post("/internal/users")
                .then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    public static JsonPath user(long id) {
        return given().get("/internal/users/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static long balance(long id) {
        return user(id).getLong("kudos");
    }
}

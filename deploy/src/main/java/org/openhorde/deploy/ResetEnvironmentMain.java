package org.openhorde.deploy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops every schema of one environment ({@code <env>_jobs}, {@code <env>_kudos}, ...), so that a test run starts
 * from the same empty databases as on a fresh machine — and never meets rows whose objects or events belong to an
 * earlier run's Kafka or S3 data. The services' Flyway migrations recreate the schemas at start.
 *
 * <p>With a Redis address it also deletes the environment's Redis keys ({@link RedisNamespace}).
 *
 * <p>Usage: {@code ResetEnvironmentMain <jdbc-url> <env> [<redis-host>:<redis-port>]}; refuses the environment
 * {@code horde} (a developer's data).
 */
public final class ResetEnvironmentMain {

    private ResetEnvironmentMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String env = args[1];
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            List<String> schemas = dropSchemas(db, env);
            System.out.println("environment '" + env + "' reset: " + schemas);
        }
        if (args.length > 2) {
            String[] redis = args[2].split(":");
            int keys = RedisNamespace.clear(redis[0], Integer.parseInt(redis[1]), env);
            System.out.println("environment '" + env + "' Redis keys deleted: " + keys);
        }
    }

    /** Drops every schema {@code <env>_*} (whatever services there are); returns their names. */
    public static List<String> dropSchemas(Connection db, String env) throws SQLException {
        if (env.isBlank() || env.equals("horde") || !env.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("refusing to reset environment '" + env + "'");
        }
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(
                "select schema_name from information_schema.schemata where left(schema_name, ?) = ?")) {
            query.setInt(1, env.length() + 1);
            query.setString(2, env + "_");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    schemas.add(rows.getString(1));
                }
            }
        }
        try (Statement sql = db.createStatement()) {
            for (String schema : schemas) {
                sql.execute("drop schema \"" + schema + "\" cascade");
            }
        }
        return schemas;
    }
}

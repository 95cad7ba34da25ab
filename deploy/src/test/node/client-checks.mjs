// What every npm-client script of the ITs needs: its settings from the environment and a list of the checks it made
// (printed at its end, so that the IT's log says what the AI Horde's own client proved).

/** The environment variable `name`; a script run without it fails at once instead of calling the horde with "undefined". */
export const env = (name) => {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set`);
    }
    return value;
};

/** What has been checked so far, in order. */
export const checks = [];

/** Fails the script with `detail` unless `condition` holds; records `what` otherwise. */
export function check(what, condition, detail) {
    if (!condition) {
        throw new Error(`${what}: ${JSON.stringify(detail)}`);
    }
    checks.push(what);
}

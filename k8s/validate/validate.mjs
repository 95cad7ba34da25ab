// Validates the k8s/ tree without a cluster: renders every overlay with `kubectl kustomize`, validates every object
// against the Kubernetes OpenAPI schemas (npm kubernetes-models) and the KEDA and prometheus-operator CRD schemas
// (@kubernetes-models/keda, @kubernetes-models/prometheus-operator), checks the structure of the Strimzi and
// CloudNativePG resources, then checks OpenHorde's own rules against facts read from the repository itself:
// the service modules and their application.properties, contracts' Topics, the REST clients, the Kafka channels,
// the meter names in the Java sources. Every object checked is printed; the exit code is 1 when anything failed.
//
// Usage: node validate.mjs [--kubectl PATH]   (run by k8s/validate/run.sh, which ./horde test calls)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { loadTypes, unknownFields } from "./unknown-fields.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const K8S = path.join(REPO, "k8s");
const kubectlArg = process.argv.indexOf("--kubectl");
const KUBECTL = kubectlArg > 0 ? process.argv[kubectlArg + 1] : "kubectl";

let passed = 0;
let failed = 0;
// Where check() reports: the console, or (in the self-test) a list the self-test inspects.
let sink = null;
function check(label, problems) {
  const list = problems.filter(Boolean);
  if (sink) {
    sink.push({ label, problems: list });
    return;
  }
  if (list.length === 0) {
    passed++;
    console.log(`ok    ${label}`);
  } else {
    failed++;
    console.log(`FAIL  ${label}`);
    for (const p of list) console.log(`        - ${p}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Facts from the repository (never a list kept by hand here: a new service, topic or setting is picked up)
// ---------------------------------------------------------------------------------------------------------------

function readProperties(file) {
  const props = {};
  if (!fs.existsSync(file)) return props;
  for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith("!")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    props[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return props;
}

function javaFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...javaFiles(p));
    else if (entry.name.endsWith(".java")) out.push(p);
  }
  return out;
}

/** The system properties ./horde starts every service with (its start_services): the cluster must run them alike. */
const HORDE_SYSTEM_PROPERTIES = (() => {
  const script = fs.readFileSync(path.join(REPO, "horde"), "utf8");
  const body = script.slice(script.indexOf("start_services() {"), script.indexOf("\n}\n", script.indexOf("start_services() {")));
  return [...body.matchAll(/(?:^|\s)(-D[\w.]+=\S+)/g)].map((m) => m[1]);
})();

/** Quarkus' environment variable for a property: every character that is not a letter or digit becomes '_'. */
const envName = (property) => property.replace(/[^A-Za-z0-9]/g, "_").toUpperCase();

const topicsJava = fs.readFileSync(path.join(REPO, "contracts/src/main/java/org/openhorde/contracts/Topics.java"), "utf8");
const CONTRACT_TOPICS = {};
for (const m of topicsJava.matchAll(/public\s+static\s+final\s+String\s+(\w+)\s*=\s*"([^"]+)"/g)) CONTRACT_TOPICS[m[1]] = m[2];

const KIT_PROPS = readProperties(path.join(REPO, "service-kit/src/main/resources/META-INF/microprofile-config.properties"));
const KIT_JAVA = javaFiles(path.join(REPO, "service-kit/src/main/java"));

/** Every Quarkus service module: a top-level folder whose application.properties names a Quarkus application. */
function serviceModules() {
  const services = [];
  for (const dir of fs.readdirSync(REPO).sort()) {
    const propsFile = path.join(REPO, dir, "src/main/resources/application.properties");
    const props = readProperties(propsFile);
    if (!props["quarkus.application.name"]) continue;
    const defaults = Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("%")));
    const java = javaFiles(path.join(REPO, dir, "src/main/java"));
    const sources = java.map((f) => fs.readFileSync(f, "utf8"));
    const name = defaults["quarkus.application.name"];
    const channels = {};
    for (const [k, v] of Object.entries(defaults)) {
      const m = k.match(/^mp\.messaging\.(incoming|outgoing)\.([^.]+)\.(topic|group\.id|dead-letter-queue\.topic)$/);
      if (!m) continue;
      const key = `${m[1]}:${m[2]}`;
      channels[key] = channels[key] || { direction: m[1], name: m[2] };
      channels[key][m[3]] = v;
    }
    const codeTopics = new Set();
    for (const src of sources) for (const m of src.matchAll(/\bTopics\.([A-Z_]+)\b/g)) if (CONTRACT_TOPICS[m[1]]) codeTopics.add(CONTRACT_TOPICS[m[1]]);
    const mappingPrefixes = [];
    for (const src of sources.concat(KIT_JAVA.map((f) => fs.readFileSync(f, "utf8")))) {
      for (const m of src.matchAll(/@ConfigMapping\(\s*prefix\s*=\s*"([^"]+)"/g)) mappingPrefixes.push(m[1]);
      for (const m of src.matchAll(/@ConfigProperty\(\s*name\s*=\s*"([^"]+)"/g)) mappingPrefixes.push(m[1]);
    }
    // Settings read through another key's value (rating-service: horde.ratings.store.endpoint=${horde.storage.endpoint:
    // http://127.0.0.1:9000}): the referenced key is read too, and its default is what an installation must replace.
    const references = {};
    for (const v of Object.values(defaults)) {
      for (const m of v.matchAll(/\$\{([a-z0-9.-]+)(?::([^}]*))?\}/g)) if (!(m[1] in defaults)) references[m[1]] = m[2] ?? "";
    }
    const restClients = Object.keys(defaults)
      .map((k) => k.match(/^quarkus\.rest-client\.([^.]+)\.url$/))
      .filter(Boolean)
      .map((m) => m[1]);
    services.push({
      module: dir,
      name,
      port: Number(defaults["quarkus.http.port"]),
      props: defaults,
      references,
      channels: Object.values(channels),
      codeTopics,
      mappingPrefixes,
      restClients,
      uses: {
        kafka: Boolean(defaults["kafka.bootstrap.servers"]),
        postgres: Boolean(defaults["quarkus.datasource.db-kind"]),
        redis: Boolean(defaults["quarkus.redis.hosts"]),
        // An S3 connection: the store's endpoint is read (directly or through another key) and the module's own code
        // builds a MinIO client. The kit's ObjectUrlSigner only signs, locally (the gateway): no connection.
        s3: Boolean(defaults["horde.storage.endpoint"] || "horde.storage.endpoint" in references) && sources.some((s) => /MinioClient\.builder\(\)/.test(s)),
        // A service that fetches URLs it is given (SourceFetcher) needs the public internet.
        publicInternet: sources.some((s) => /new OkHttpClient\.Builder|HttpClient\.newBuilder/.test(s)),
      },
      dockerfile: path.join(REPO, dir, "src/main/docker/Dockerfile.jvm"),
    });
  }
  return services;
}
const SERVICES = serviceModules();
const SERVICE_BY_NAME = Object.fromEntries(SERVICES.map((s) => [s.name, s]));

/** The settings an installation must set: where the backing services are, credentials, and the environment's name. */
function requiredSettings(service) {
  const required = [];
  for (const [key, value] of Object.entries({ ...service.props, ...service.references })) {
    if (value.includes("${")) continue; // derived from other settings (the datasource URLs from horde.db.*)
    const location = /127\.0\.0\.1|localhost/.test(value) || key.startsWith("horde.db.");
    const credential = /(username|password|secret-key|access-key|salt|api-key)$/.test(key);
    const identity = key === "horde.env" || key === "horde.topic-prefix";
    if (location || credential || identity) required.push({ key, credential });
  }
  return required;
}

/** Every topic a service names: its channels, their dead-letter topics, and the contracts' topics its code uses. */
function serviceTopics(service, prefix) {
  const strip = (t) => t.replace("${horde.topic-prefix:}", prefix).replace("${horde.topic-prefix}", prefix);
  const topics = new Set();
  for (const c of service.channels) {
    if (c.topic) topics.add(strip(c.topic));
    if (c["dead-letter-queue.topic"]) topics.add(strip(c["dead-letter-queue.topic"]));
  }
  for (const t of service.codeTopics) topics.add(prefix + t);
  return topics;
}

/** Meter names the Java sources register, as Prometheus names them. */
function exposedMetrics() {
  const names = new Set(["http_server_requests_seconds_count", "http_server_requests_seconds_sum", "http_server_requests_seconds_max",
    // Strimzi's Kafka Exporter (kafkaExporter in the Kafka resource).
    "kafka_consumergroup_lag"]);
  const sources = [];
  for (const s of SERVICES) sources.push(...javaFiles(path.join(REPO, s.module, "src/main/java")));
  sources.push(...KIT_JAVA);
  const props = Object.assign({}, ...SERVICES.map((s) => s.props));
  for (const file of sources) {
    const src = fs.readFileSync(file, "utf8");
    for (const m of src.matchAll(/\.counter\(\s*"([^"]+)"/g)) names.add(promName(m[1], "counter"));
    for (const m of src.matchAll(/Counter\.builder\(\s*"([^"]+)"/g)) names.add(promName(m[1], "counter"));
    for (const m of src.matchAll(/Gauge\.builder\(\s*"([^"]+)"/g)) names.add(promName(m[1], "gauge"));
    for (const m of src.matchAll(/\.gauge\(\s*"([^"]+)"/g)) names.add(promName(m[1], "gauge"));
    // A counter whose name is chosen per call (one settlement path names its counter per kind of work) is written as
    // a literal Prometheus counter name somewhere in the source.
    for (const m of src.matchAll(/"(horde_[a-z0-9_]+_total)"/g)) names.add(m[1]);
    for (const m of src.matchAll(/Timer\.builder\(\s*"([^"]+)"/g)) for (const suffix of ["_count", "_sum", "_max"]) names.add(promName(m[1], "timer") + suffix);
  }
  // The outbox relay's counter is named by each service's settings.
  for (const [k, v] of Object.entries(props)) if (k === "horde.kit.outbox.published-metric") names.add(promName(v, "counter"));
  for (const s of SERVICES) if (s.props["horde.kit.outbox.published-metric"]) names.add(promName(s.props["horde.kit.outbox.published-metric"], "counter"));
  return names;
}
function promName(meter, type) {
  let n = meter.replace(/\./g, "_");
  if (type === "counter" && !n.endsWith("_total")) n += "_total";
  if (type === "timer" && !n.endsWith("_seconds")) n += "_seconds";
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------------------

// Field names of every Kubernetes type, from kubernetes-models' declarations (unknown-fields.mjs says why).
const K8S_TYPES = loadTypes([path.join(HERE, "node_modules/kubernetes-models"), path.join(HERE, "node_modules/@kubernetes-models/apimachinery")]);

async function schemaModel(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  let spec;
  if (group === "keda.sh") spec = `@kubernetes-models/keda/keda.sh/${version}/${kind}`;
  else if (group === "monitoring.coreos.com") spec = `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${kind}`;
  else if (group === "") spec = `kubernetes-models/${version}/${kind}`;
  else if (!group.includes(".") || group.endsWith(".k8s.io")) spec = `kubernetes-models/${group}/${version}/${kind}`;
  else return null;
  try {
    const mod = await import(spec);
    return { cls: mod[kind], source: spec.split(`/${kind}`)[0], declarations: path.join(HERE, "node_modules", `${spec}.d.ts`) };
  } catch (e) {
    return { missing: `no model ${spec}: ${e.message.split("\n")[0]}` };
  }
}

// No npm package publishes Strimzi's or CloudNativePG's CRD schemas, and their release artifacts are not reachable
// from this machine's registries; these structural checks cover the fields this tree uses (decision 0026).
const isInt = (v) => Number.isInteger(v);
const STRUCTURE = {
  "kafka.strimzi.io/v1beta2/Kafka": (o) => [
    Array.isArray(o.spec?.kafka?.listeners) && o.spec.kafka.listeners.length > 0 ? null : "spec.kafka.listeners must be a non-empty list",
    ...(o.spec?.kafka?.listeners || []).map((l, i) =>
      typeof l.name === "string" && isInt(l.port) && ["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"].includes(l.type) && typeof l.tls === "boolean"
        ? null : `spec.kafka.listeners[${i}] needs name, integer port, a known type and boolean tls`),
    o.metadata?.annotations?.["strimzi.io/kraft"] === "enabled" ? null : "KRaft: annotation strimzi.io/kraft: enabled",
    o.metadata?.annotations?.["strimzi.io/node-pools"] === "enabled" ? null : "annotation strimzi.io/node-pools: enabled",
    o.spec?.zookeeper ? "spec.zookeeper is not allowed with KRaft" : null,
    Object.values(o.spec?.kafka?.config || {}).every((v) => ["string", "number", "boolean"].includes(typeof v)) ? null : "spec.kafka.config values must be scalars",
  ],
  "kafka.strimzi.io/v1beta2/KafkaNodePool": (o) => [
    isInt(o.spec?.replicas) && o.spec.replicas >= 1 ? null : "spec.replicas must be an integer >= 1",
    Array.isArray(o.spec?.roles) && o.spec.roles.length > 0 && o.spec.roles.every((r) => ["controller", "broker"].includes(r)) ? null : "spec.roles must be controller and/or broker",
    ["jbod", "persistent-claim", "ephemeral"].includes(o.spec?.storage?.type) ? null : "spec.storage.type",
    o.metadata?.labels?.["strimzi.io/cluster"] ? null : "label strimzi.io/cluster",
  ],
  "kafka.strimzi.io/v1beta2/KafkaTopic": (o) => [
    isInt(o.spec?.partitions) && o.spec.partitions >= 1 ? null : "spec.partitions must be an integer >= 1",
    isInt(o.spec?.replicas) && o.spec.replicas >= 1 ? null : "spec.replicas must be an integer >= 1",
    Object.values(o.spec?.config || {}).every((v) => ["string", "number", "boolean"].includes(typeof v)) ? null : "spec.config values must be scalars",
    o.metadata?.labels?.["strimzi.io/cluster"] ? null : "label strimzi.io/cluster",
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.metadata?.name || "") ? null : "metadata.name must be a DNS subdomain",
  ],
  "postgresql.cnpg.io/v1/Cluster": (o) => [
    isInt(o.spec?.instances) && o.spec.instances >= 1 ? null : "spec.instances must be an integer >= 1",
    typeof o.spec?.storage?.size === "string" ? null : "spec.storage.size",
    o.spec?.bootstrap?.initdb?.database && o.spec?.bootstrap?.initdb?.owner ? null : "spec.bootstrap.initdb.database and owner",
    Object.values(o.spec?.postgresql?.parameters || {}).every((v) => typeof v === "string") ? null : "spec.postgresql.parameters values must be strings",
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------------------------

function render(overlayDir) {
  const out = execFileSync(KUBECTL, ["kustomize", overlayDir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  return yaml.loadAll(out).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------------------
// Network policy evaluation (the subset of the API this tree uses: matchLabels/matchExpressions In, namespace
// selectors by kubernetes.io/metadata.name, ipBlocks, numeric ports). Anything else fails rather than being guessed.
// ---------------------------------------------------------------------------------------------------------------

function selects(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels || {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions || []) {
    if (e.operator === "In" && !e.values.includes(labels[e.key])) return false;
    if (e.operator === "NotIn" && e.values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !(e.key in labels)) return false;
    if (!["In", "NotIn", "Exists"].includes(e.operator)) throw new Error(`selector operator ${e.operator} not understood`);
  }
  return true;
}

/** Does a peer list (from/to) match a pod of this namespace? */
function peerMatchesPod(peers, pod) {
  return (peers || []).some((p) => p.podSelector && !p.namespaceSelector && !p.ipBlock && selects(p.podSelector, pod.labels));
}
function portMatches(ports, port) {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (typeof p.port === "number" ? p.port === port : p.port === undefined));
}

function allowedEgress(policies, src, dst, port) {
  const applying = policies.filter((np) => (np.spec.policyTypes || []).includes("Egress") && selects(np.spec.podSelector, src.labels));
  if (applying.length === 0) return true;
  return applying.some((np) => (np.spec.egress || []).some((r) => peerMatchesPod(r.to, dst) && portMatches(r.ports, port)));
}
function allowedIngress(policies, src, dst, port) {
  const applying = policies.filter((np) => (np.spec.policyTypes || ["Ingress"]).includes("Ingress") && selects(np.spec.podSelector, dst.labels));
  if (applying.length === 0) return true;
  return applying.some((np) => (np.spec.ingress || []).some((r) => peerMatchesPod(r.from, src) && portMatches(r.ports, port)));
}
function egressToExternal(policies, src, port) {
  const applying = policies.filter((np) => (np.spec.policyTypes || []).includes("Egress") && selects(np.spec.podSelector, src.labels));
  if (applying.length === 0) return true;
  return applying.some((np) => (np.spec.egress || []).some((r) => (r.to || []).some((p) => p.ipBlock) && portMatches(r.ports, port)));
}

// ---------------------------------------------------------------------------------------------------------------
// One overlay
// ---------------------------------------------------------------------------------------------------------------

const readme = fs.existsSync(path.join(K8S, "README.md")) ? fs.readFileSync(path.join(K8S, "README.md"), "utf8") : "";

async function validateOverlay(overlay) {
  const dir = path.join(K8S, "overlays", overlay);
  let objects;
  try {
    objects = render(dir);
    check(`${overlay}: kubectl kustomize renders ${objects.length} objects`, []);
  } catch (e) {
    check(`${overlay}: kubectl kustomize`, [String(e.stderr || e.message).trim()]);
    return null;
  }
  await validateObjects(overlay, objects);
  return objects;
}

async function validateObjects(overlay, objects) {
  const ns = objects.find((o) => o.kind === "Namespace")?.metadata.name;
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  // 1. Every object against its schema.
  for (const o of objects) {
    const id = `${overlay}: ${o.kind}/${o.metadata?.name}`;
    const problems = [];
    if (!o.apiVersion || !o.kind || !o.metadata?.name) problems.push("apiVersion, kind and metadata.name are required");
    let how = "";
    const structural = STRUCTURE[`${o.apiVersion}/${o.kind}`];
    if (structural) {
      problems.push(...structural(o));
      how = "structure (no published CRD schema reachable)";
    } else {
      const model = await schemaModel(o.apiVersion, o.kind);
      if (!model) problems.push(`no schema known for ${o.apiVersion} ${o.kind}`);
      else if (model.missing) problems.push(model.missing);
      else {
        how = `schema ${model.source}`;
        try {
          new model.cls(o).validate();
        } catch (e) {
          problems.push(e.message);
        }
        if (model.source.startsWith("kubernetes-models/")) {
          const typeName = K8S_TYPES[`file:${model.declarations}`];
          if (!typeName) problems.push(`no type declarations found for ${o.apiVersion} ${o.kind}`);
          else problems.push(...unknownFields(K8S_TYPES, typeName, o));
          how += " + no unknown field";
        }
      }
    }
    if (o.kind !== "Namespace" && ns && o.metadata?.namespace !== ns) problems.push(`namespace ${o.metadata?.namespace}, expected ${ns}`);
    check(`${id} — ${how}`, problems);
  }

  const settings = find("ConfigMap", objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("horde-settings"))?.metadata.name);
  const S = settings?.data || {};
  const prefix = S.HORDE_TOPIC_PREFIX || "";
  const deployments = byKind("Deployment");
  const policies = byKind("NetworkPolicy");

  // 2. No secret literal anywhere: no Secret objects with data, credentials only through secretKeyRef.
  {
    const problems = [];
    for (const s of byKind("Secret")) if (s.data || s.stringData) problems.push(`Secret ${s.metadata.name} carries values: create it outside the tree`);
    for (const cm of byKind("ConfigMap")) {
      for (const k of Object.keys(cm.data || {})) if (/PASSWORD|SECRET|SALT|ACCESS_KEY|API_KEY|TOKEN/i.test(k)) problems.push(`ConfigMap ${cm.metadata.name} has credential-like key ${k}`);
    }
    const defaults = new Set();
    for (const s of SERVICES) for (const r of requiredSettings(s)) if (r.credential && !/username$/.test(r.key) && s.props[r.key]) defaults.add(s.props[r.key]);
    const text = JSON.stringify(objects);
    for (const d of defaults) if (d.length >= 6 && text.includes(d)) problems.push(`the development default '${d}' of a credential appears in the rendered tree`);
    for (const w of [...deployments, ...byKind("StatefulSet")]) {
      for (const c of w.spec.template.spec.containers) {
        for (const e of c.env || []) {
          if (/PASSWORD|SECRET|SALT|ACCESS_KEY|API_KEY|ROOT_USER|USERNAME/.test(e.name) && !e.valueFrom?.secretKeyRef) problems.push(`${w.metadata.name}: ${e.name} is not a secretKeyRef`);
          if (e.valueFrom?.secretKeyRef) {
            const { name, key } = e.valueFrom.secretKeyRef;
            if (!readme.includes(`\`${name}\``) || !readme.includes(`\`${key}\``)) problems.push(`${w.metadata.name}: Secret ${name} key ${key} is not documented in k8s/README.md`);
          }
        }
      }
    }
    check(`${overlay}: no secret literal; every Secret referenced is documented`, problems);
  }

  // 3. Every workload: probes, limits, non-root, read-only root filesystem.
  for (const w of [...deployments, ...byKind("StatefulSet")]) {
    const problems = [];
    const pod = w.spec.template.spec;
    if (pod.securityContext?.runAsNonRoot !== true) problems.push("pod securityContext.runAsNonRoot must be true");
    for (const c of pod.containers) {
      for (const probe of ["livenessProbe", "readinessProbe"]) if (!c[probe]) problems.push(`${c.name}: no ${probe}`);
      for (const r of ["cpu", "memory"]) {
        if (!c.resources?.requests?.[r]) problems.push(`${c.name}: no ${r} request`);
      }
      if (!c.resources?.limits?.memory) problems.push(`${c.name}: no memory limit`);
      if (!c.resources?.limits?.cpu) problems.push(`${c.name}: no cpu limit`);
      if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${c.name}: root filesystem not read-only`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${c.name}: allowPrivilegeEscalation must be false`);
      if (!(c.securityContext?.capabilities?.drop || []).includes("ALL")) problems.push(`${c.name}: capabilities must drop ALL`);
    }
    check(`${overlay}: ${w.kind}/${w.metadata.name} has probes, requests and limits, runs non-root on a read-only root`, problems);
  }

  // 4. Every Quarkus service module has its Deployment, Service, PDB, one autoscaler, ServiceMonitor, policy.
  const containerEnv = (d) => {
    const c = d.spec.template.spec.containers[0];
    const env = {};
    for (const ef of c.envFrom || []) {
      const cm = find("ConfigMap", ef.configMapRef?.name);
      for (const [k, v] of Object.entries(cm?.data || {})) env[k] = { value: v, from: `ConfigMap ${ef.configMapRef.name}` };
    }
    for (const e of c.env || []) {
      if (e.valueFrom?.configMapKeyRef) {
        const cm = find("ConfigMap", e.valueFrom.configMapKeyRef.name);
        const has = cm && e.valueFrom.configMapKeyRef.key in (cm.data || {});
        env[e.name] = { value: has ? cm.data[e.valueFrom.configMapKeyRef.key] : undefined, missingRef: has ? null : `${e.valueFrom.configMapKeyRef.name}/${e.valueFrom.configMapKeyRef.key}` };
      } else if (e.valueFrom?.secretKeyRef) env[e.name] = { secret: e.valueFrom.secretKeyRef };
      else env[e.name] = { value: e.value };
    }
    return env;
  };
  const podOf = (w) => ({ name: w.metadata.name, labels: w.spec.template.metadata?.labels || {}, ports: (w.spec.template.spec.containers || []).flatMap((c) => (c.ports || []).map((p) => p.containerPort)) });

  for (const svc of SERVICES) {
    const d = find("Deployment", svc.name);
    const problems = [];
    if (!d) {
      check(`${overlay}: service module ${svc.module} is deployed (k8s/base/${svc.name}/)`, [`no Deployment ${svc.name}: add the folder k8s/base/${svc.name} and list it in k8s/base/kustomization.yaml`]);
      continue;
    }
    const c = d.spec.template.spec.containers[0];
    const wants = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };
    for (const [probe, p] of Object.entries(wants)) if (c[probe]?.httpGet?.path !== p) problems.push(`${probe} must GET ${p}`);
    if (!c.ports?.some((p) => p.containerPort === svc.port)) problems.push(`container port must be quarkus.http.port ${svc.port}`);
    const service = byKind("Service").find((s) => s.metadata.name === svc.name);
    if (!service || !selects({ matchLabels: service.spec.selector }, d.spec.template.metadata.labels)) problems.push(`no Service ${svc.name} selecting its pods`);
    else if (!service.spec.ports.some((p) => p.port === svc.port)) problems.push(`Service ${svc.name} must serve port ${svc.port}`);
    if (!byKind("PodDisruptionBudget").some((p) => selects(p.spec.selector, d.spec.template.metadata.labels))) problems.push("no PodDisruptionBudget");
    const hpas = byKind("HorizontalPodAutoscaler").filter((h) => h.spec.scaleTargetRef.name === svc.name);
    const sos = byKind("ScaledObject").filter((h) => h.spec.scaleTargetRef.name === svc.name);
    if (hpas.length + sos.length !== 1) problems.push(`exactly one autoscaler (HPA or KEDA ScaledObject) must target it, found ${hpas.length + sos.length}`);
    const cpuScaled = hpas.some((h) => (h.spec.metrics || []).some((m) => m.resource?.name === "cpu")) || sos.some((s) => s.spec.triggers.some((t) => t.type === "cpu"));
    if (!cpuScaled) problems.push("its autoscaler must scale on CPU");
    if (!byKind("ServiceMonitor").some((m) => service && selects(m.spec.selector, service.metadata.labels) && m.spec.endpoints.some((e) => e.path === svc.props["quarkus.micrometer.export.prometheus.path"]))) problems.push("no ServiceMonitor scraping its metrics path");
    const env = containerEnv(d);
    const javaOpts = env.JAVA_OPTS_APPEND?.value || "";
    if (!/-XX:MaxRAMPercentage=/.test(javaOpts)) problems.push("JAVA_OPTS_APPEND must size the heap to the limit (-XX:MaxRAMPercentage)");
    if (/-Xmx/.test(javaOpts)) problems.push("JAVA_OPTS_APPEND must not fix -Xmx (the heap follows the memory limit)");
    for (const flag of HORDE_SYSTEM_PROPERTIES) if (!javaOpts.split(/\s+/).includes(flag)) problems.push(`JAVA_OPTS_APPEND lacks ${flag}, which ./horde starts every service with`);
    if (!d.spec.template.spec.volumes?.some((v) => v.emptyDir) || !c.volumeMounts?.some((m) => m.mountPath === "/tmp")) problems.push("/tmp must be an emptyDir (the root filesystem is read-only)");
    if (!fs.existsSync(svc.dockerfile)) problems.push(`no ${path.relative(REPO, svc.dockerfile)}`);
    // Several replicas must not share a node: a required anti-affinity term that selects this service's pods only.
    const minReplicas = Math.max(d.spec.replicas ?? 1, ...hpas.map((h) => h.spec.minReplicas ?? 1), ...sos.map((s) => s.spec.minReplicaCount ?? 0));
    if (minReplicas >= 2) {
      const terms = d.spec.template.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution || [];
      const own = d.spec.template.metadata.labels;
      const others = deployments.filter((x) => x !== d).map((x) => x.spec.template.metadata.labels);
      const good = terms.some((t) => t.topologyKey === "kubernetes.io/hostname" && selects(t.labelSelector, own) && !others.some((l) => selects(t.labelSelector, l)));
      if (!good) problems.push(`${minReplicas} replicas without a required anti-affinity on kubernetes.io/hostname selecting its own pods only`);
    }
    check(`${overlay}: ${svc.name}: probes on /q/health/*, port ${svc.port}, Service, PDB, one CPU autoscaler, ServiceMonitor, JVM sized to the limit, anti-affinity when replicated, Dockerfile.jvm`, problems);

    // 5. Every setting the service needs from its installation is set; every variable set is one it reads.
    const envProblems = [];
    for (const r of requiredSettings(svc)) {
      const name = envName(r.key);
      const e = env[name];
      if (!e) envProblems.push(`${r.key} (${name}) is not set`);
      else if (e.missingRef) envProblems.push(`${name} refers to ${e.missingRef}, which does not exist`);
      else if (r.credential && !e.secret) envProblems.push(`${name} is a credential: it must come from a Secret`);
    }
    const known = new Set(Object.keys(svc.props).concat(Object.keys(svc.references), Object.keys(KIT_PROPS)).map(envName));
    const prefixes = svc.mappingPrefixes.map((p) => envName(p) + "_");
    // Read by the Quarkus JVM image's launcher, and standard Quarkus runtime settings this tree uses.
    const runtime = new Set(["JAVA_OPTS_APPEND", "QUARKUS_SHUTDOWN_TIMEOUT"]);
    for (const name of Object.keys(env)) {
      if (!known.has(name) && !runtime.has(name) && !prefixes.some((p) => name.startsWith(p)) && !svc.mappingPrefixes.map(envName).includes(name)) envProblems.push(`${name} is set but ${svc.name} reads no such setting`);
    }
    check(`${overlay}: ${svc.name}: every installation setting it reads is set (${requiredSettings(svc).map((r) => envName(r.key)).join(", ")}), nothing it does not read`, envProblems);
  }

  // 6. Topics: a KafkaTopic for every topic in contracts and every topic a service names.
  {
    const kafka = byKind("Kafka")[0];
    const pool = byKind("KafkaNodePool").filter((p) => p.metadata.labels?.["strimzi.io/cluster"] === kafka?.metadata.name);
    const brokers = pool.filter((p) => p.spec.roles.includes("broker")).reduce((n, p) => n + p.spec.replicas, 0);
    const topics = new Map(byKind("KafkaTopic").map((t) => [t.spec.topicName || t.metadata.name, t]));
    const problems = [];
    if (!kafka) problems.push("no Kafka");
    if (kafka?.spec.kafka.config?.["auto.create.topics.enable"] !== false) problems.push("auto.create.topics.enable must be false (every topic is declared)");
    const wanted = new Map();
    for (const t of Object.values(CONTRACT_TOPICS)) wanted.set(prefix + t, "contracts");
    for (const s of SERVICES) for (const t of serviceTopics(s, prefix)) if (!wanted.has(t)) wanted.set(t, `${s.name}'s settings`);
    for (const [t, why] of wanted) {
      const kt = topics.get(t);
      if (!kt) { problems.push(`no KafkaTopic for ${t} (named by ${why})`); continue; }
      if (kt.metadata.labels?.["strimzi.io/cluster"] !== kafka?.metadata.name) problems.push(`${t}: label strimzi.io/cluster must name ${kafka?.metadata.name}`);
      if (kt.spec.replicas > brokers) problems.push(`${t}: ${kt.spec.replicas} replicas but ${brokers} brokers`);
      const isr = Number(kt.spec.config?.["min.insync.replicas"] ?? 1);
      if (isr > kt.spec.replicas) problems.push(`${t}: min.insync.replicas ${isr} > replicas ${kt.spec.replicas}`);
      if (kt.spec.config?.["retention.ms"] === undefined) problems.push(`${t}: retention.ms must be stated`);
    }
    const exportTopic = topics.get(prefix + CONTRACT_TOPICS.RATINGS_EXPORT);
    if (exportTopic && String(exportTopic.spec.config?.["retention.ms"]) !== "-1") problems.push("the researchers' export topic must be kept (retention.ms -1)");
    for (const t of topics.keys()) if (!wanted.has(t)) problems.push(`KafkaTopic ${t} is named by neither contracts nor any service`);
    check(`${overlay}: a KafkaTopic for each of ${wanted.size} topics (${Object.keys(CONTRACT_TOPICS).length} in contracts), on ${brokers} broker(s), the export topic kept`, problems);

    // KEDA: the groups and topics a ScaledObject watches are the ones its service consumes.
    for (const so of byKind("ScaledObject")) {
      const svc = SERVICE_BY_NAME[so.spec.scaleTargetRef.name];
      const p = [];
      if (!svc) p.push(`targets ${so.spec.scaleTargetRef.name}, which is no service module`);
      for (const t of so.spec.triggers.filter((t) => t.type === "kafka")) {
        const consumed = (svc?.channels || []).filter((c) => c.direction === "incoming");
        const match = consumed.find((c) => (c.topic || "").replace("${horde.topic-prefix:}", prefix) === t.metadata.topic);
        if (!match) p.push(`trigger on ${t.metadata.topic}, which ${svc?.name} does not consume`);
        else {
          const group = match["group.id"].replace("${horde.env}", S.HORDE_ENV);
          if (t.metadata.consumerGroup !== group) p.push(`trigger on ${t.metadata.topic}: consumerGroup ${t.metadata.consumerGroup}, the service's is ${group}`);
        }
        if (t.metadata.bootstrapServers !== S.KAFKA_BOOTSTRAP_SERVERS) p.push(`bootstrapServers ${t.metadata.bootstrapServers}, the services use ${S.KAFKA_BOOTSTRAP_SERVERS}`);
        const kt = topics.get(t.metadata.topic);
        if (kt && so.spec.maxReplicaCount > kt.spec.partitions) p.push(`maxReplicaCount ${so.spec.maxReplicaCount} > ${kt.spec.partitions} partitions of ${t.metadata.topic}`);
      }
      check(`${overlay}: ScaledObject/${so.metadata.name} watches the groups and topics ${so.spec.scaleTargetRef.name} consumes`, p);
    }
  }

  // 7. NetworkPolicies allow exactly the calls the services make.
  {
    const problems = [];
    const workloads = [...deployments, ...byKind("StatefulSet")].map(podOf);
    const servicePods = Object.fromEntries(SERVICES.map((s) => [s.name, workloads.find((w) => w.name === s.name && find("Deployment", s.name))]).filter(([, w]) => w));
    const kafka = byKind("Kafka")[0];
    const cnpg = objects.find((o) => o.kind === "Cluster" && o.apiVersion.startsWith("postgresql.cnpg.io"));
    const kafkaPod = kafka && { name: "kafka", labels: { "strimzi.io/cluster": kafka.metadata.name, "strimzi.io/kind": "Kafka", "strimzi.io/name": `${kafka.metadata.name}-kafka` }, ports: [9092] };
    const dbPod = cnpg && { name: "postgres", labels: { "cnpg.io/cluster": cnpg.metadata.name }, ports: [5432] };
    const redisPod = workloads.find((w) => w.labels["app.kubernetes.io/name"] === "redis");
    const s3Pod = workloads.find((w) => w.labels["app.kubernetes.io/name"] === "minio");
    // Strimzi writes the brokers' NetworkPolicy from the listener's networkPolicyPeers.
    const kafkaPolicy = kafka && {
      spec: { podSelector: { matchLabels: { "strimzi.io/cluster": kafka.metadata.name, "strimzi.io/kind": "Kafka" } }, policyTypes: ["Ingress"],
        ingress: kafka.spec.kafka.listeners.map((l) => ({ from: l.networkPolicyPeers || [], ports: [{ port: l.port }] })) },
    };
    const allPolicies = kafkaPolicy ? [...policies, kafkaPolicy] : policies;
    const hostPort = (url) => { const u = new URL(url); return { host: u.hostname, port: Number(u.port || (u.protocol === "https:" ? 443 : 80)) }; };

    const expected = []; // [src pod, dst pod, port, why]
    for (const svc of SERVICES) {
      const src = servicePods[svc.name];
      if (!src) continue;
      const env = containerEnv(find("Deployment", svc.name));
      for (const client of svc.restClients) {
        const url = env[envName(`quarkus.rest-client.${client}.url`)]?.value;
        if (!url) { problems.push(`${svc.name}: REST client ${client} has no URL set`); continue; }
        const { host, port } = hostPort(url);
        const target = byKind("Service").find((s) => s.metadata.name === host);
        const dst = target && workloads.find((w) => selects({ matchLabels: target.spec.selector }, w.labels));
        if (!dst) { problems.push(`${svc.name}: REST client ${client} points at ${host}, which is no Service of a workload`); continue; }
        const targetPort = target.spec.ports.find((p) => p.port === port);
        if (!targetPort) { problems.push(`${svc.name}: REST client ${client} uses port ${port}, Service ${host} has no such port`); continue; }
        const containerPort = typeof targetPort.targetPort === "number" ? targetPort.targetPort : dst.ports[0];
        expected.push([src, dst, containerPort, `REST client ${client}`]);
      }
      if (svc.uses.kafka) { if (kafkaPod) expected.push([src, kafkaPod, 9092, "Kafka"]); else problems.push(`${svc.name} uses Kafka and there is none`); }
      if (svc.uses.postgres) {
        if (dbPod) expected.push([src, dbPod, 5432, "PostgreSQL"]);
        else if (!egressToExternal(allPolicies, src, Number(S.HORDE_DB_PORT))) problems.push(`${svc.name} uses an external PostgreSQL and may not reach it`);
      }
      if (svc.uses.redis) { if (redisPod) expected.push([src, redisPod, 6379, "Redis"]); else problems.push(`${svc.name} uses Redis and there is none`); }
      if (svc.uses.s3) {
        if (s3Pod) expected.push([src, s3Pod, 9000, "S3"]);
        else if (!egressToExternal(allPolicies, src, hostPort(S.HORDE_STORAGE_ENDPOINT).port)) problems.push(`${svc.name} uses an external S3 and may not reach it`);
      }
      if (svc.uses.publicInternet && !egressToExternal(allPolicies, src, 443)) problems.push(`${svc.name} fetches public URLs and may not`);
      if (!svc.uses.publicInternet && !svc.uses.s3 && !svc.uses.postgres && egressToExternal(allPolicies, src, 443)) problems.push(`${svc.name} may reach outside addresses and fetches none`);
    }
    for (const [src, dst, port, why] of expected) {
      if (!allowedEgress(allPolicies, src, dst, port)) problems.push(`missing: ${src.name} → ${dst.name}:${port} (${why}) is blocked by ${src.name}'s egress`);
      if (!allowedIngress(allPolicies, src, dst, port)) problems.push(`missing: ${src.name} → ${dst.name}:${port} (${why}) is blocked by ${dst.name}'s ingress`);
    }
    // Extra: any connection between the namespace's pods that the policies allow and no call needs.
    const pods = [...workloads, kafkaPod, dbPod].filter(Boolean);
    const isExpected = (s, d, p) => expected.some(([a, b, q]) => a === s && b === d && q === p);
    for (const src of pods) {
      for (const dst of pods) {
        if (src === dst) continue;
        for (const port of dst.ports) {
          if (allowedEgress(allPolicies, src, dst, port) && allowedIngress(allPolicies, src, dst, port) && !isExpected(src, dst, port)) {
            problems.push(`extra: ${src.name} → ${dst.name}:${port} is allowed and no call needs it`);
          }
        }
      }
    }
    // From outside the namespace: only the gateway (and the object store's presigned URLs) through the ingress
    // controller; Prometheus on metrics ports; each operator to its own pods.
    const publicTargets = new Set(byKind("Ingress").flatMap((i) => i.spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service.name))));
    for (const name of publicTargets) {
      const svcObj = find("Service", name);
      const app = svcObj?.spec.selector?.["app.kubernetes.io/name"];
      if (app !== "api-gateway" && !(app === "minio" && S.HORDE_STORAGE_PUBLIC_ENDPOINT)) problems.push(`Ingress exposes ${name}; only the gateway (and the object store for presigned URLs) may be public`);
    }
    const outsideAllowed = { "ingress-nginx": (pod) => publicTargets.size > 0 && [...publicTargets].some((n) => selects({ matchLabels: find("Service", n)?.spec.selector }, pod.labels)),
      monitoring: () => true, "cnpg-system": (pod) => "cnpg.io/cluster" in pod.labels, keda: (pod) => "strimzi.io/cluster" in pod.labels && byKind("ScaledObject").length > 0 };
    for (const np of allPolicies) {
      for (const rule of np.spec.ingress || []) {
        for (const peer of rule.from || []) {
          if (!peer.namespaceSelector && !peer.ipBlock) continue;
          const nsName = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
          const targets = [...pods, ...(kafka ? [{ name: "kafka-exporter", labels: { "strimzi.io/name": `${kafka.metadata.name}-kafka-exporter` } }] : [])].filter((p) => selects(np.spec.podSelector, p.labels));
          for (const t of targets) {
            if (!nsName || !outsideAllowed[nsName] || !outsideAllowed[nsName](t)) problems.push(`NetworkPolicy ${np.metadata?.name || "(Strimzi listener)"} lets ${nsName || JSON.stringify(peer)} reach ${t.name} from outside the namespace`);
          }
        }
      }
    }
    // The public hosts agree with the services: presigned URLs are signed for the S3 Ingress's host, and the
    // controller lets through the bodies the service accepts (base64 images).
    const sizeBytes = (v) => { const m = String(v || "").match(/^(\d+)([kKmMgG]?)$/); return m ? Number(m[1]) * { "": 1, k: 1024, m: 1 << 20, g: 1 << 30 }[m[2].toLowerCase()] : NaN; };
    for (const ing of byKind("Ingress")) {
      const backend = ing.spec.rules[0].http.paths[0].backend.service.name;
      const app = find("Service", backend)?.spec.selector?.["app.kubernetes.io/name"];
      if (app === "minio") {
        const host = S.HORDE_STORAGE_PUBLIC_ENDPOINT ? new URL(S.HORDE_STORAGE_PUBLIC_ENDPOINT).hostname : "";
        if (!ing.spec.rules.some((r) => r.host === host)) problems.push(`HORDE_STORAGE_PUBLIC_ENDPOINT's host '${host}' is not the S3 Ingress's (${ing.spec.rules.map((r) => r.host).join(", ")}): presigned URLs would point nowhere`);
      }
      const svc = SERVICE_BY_NAME[app];
      const limit = svc?.props["quarkus.http.limits.max-body-size"];
      if (limit) {
        const allowed = sizeBytes(ing.metadata.annotations?.["nginx.ingress.kubernetes.io/proxy-body-size"]);
        if (!(allowed >= sizeBytes(limit))) problems.push(`Ingress ${ing.metadata.name} lets ${ing.metadata.annotations?.["nginx.ingress.kubernetes.io/proxy-body-size"] || "the controller's default (1m)"} through, ${svc.name} accepts bodies up to ${limit}`);
      }
    }
    const calls = expected.map(([s, d, p]) => `${s.name}→${d.name}:${p}`);
    check(`${overlay}: NetworkPolicies allow exactly the ${calls.length} calls the services make (${calls.join(", ")})`, problems);
  }

  // 8. The dashboard queries metrics that exist.
  {
    const problems = [];
    const exposed = exposedMetrics();
    const dashboards = byKind("ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard);
    if (dashboards.length === 0) problems.push("no Grafana dashboard ConfigMap");
    let count = 0;
    for (const cm of dashboards) {
      for (const [file, text] of Object.entries(cm.data)) {
        let dash;
        try { dash = JSON.parse(text); } catch (e) { problems.push(`${file}: ${e.message}`); continue; }
        for (const panel of dash.panels || []) {
          for (const t of panel.targets || []) {
            count++;
            // Metric names: the identifiers left once strings, label matchers, ranges and grouping clauses are gone,
            // and that are not followed by '(' (functions and aggregations).
            const bare = t.expr.replace(/"[^"]*"/g, "").replace(/\{[^}]*\}/g, "").replace(/\[[^\]]*\]/g, "").replace(/\b(by|without)\s*\([^)]*\)/g, "");
            const names = [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)].filter((m) => !m[2]).map((m) => m[1]);
            for (const n of names) if (!exposed.has(n)) problems.push(`panel '${panel.title}' queries ${n}, which nothing exposes`);
          }
        }
      }
    }
    check(`${overlay}: the dashboard's ${count} queries use metrics the services or the Kafka Exporter expose`, problems);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Self-test: each policy check must fail on a tree broken the way it guards against (a check that cannot fail
// proves nothing). Each mutation is applied to a copy of a rendered overlay.
// ---------------------------------------------------------------------------------------------------------------

const clone = (o) => JSON.parse(JSON.stringify(o));
const obj = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const container = (objects, name) => obj(objects, "Deployment", name).spec.template.spec.containers[0];
const MUTATIONS = [
  ["a Deployment without its readiness probe", "job-service: no readinessProbe", (o) => { delete container(o, "job-service").readinessProbe; }],
  ["a Deployment running as root", "runAsNonRoot must be true", (o) => { obj(o, "Deployment", "kudos-service").spec.template.spec.securityContext.runAsNonRoot = false; }],
  ["replicas that may share a node", "without a required anti-affinity", (o) => { delete obj(o, "Deployment", "job-service").spec.template.spec.affinity; }],
  ["an anti-affinity that keeps every service apart", "selecting its own pods only", (o) => { obj(o, "Deployment", "job-service").spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector = { matchLabels: { "app.kubernetes.io/part-of": "openhorde" } }; }],
  ["presigned URLs signed for another host than the S3 Ingress's", "presigned URLs would point nowhere", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("horde-settings")); cm.data.HORDE_STORAGE_PUBLIC_ENDPOINT = "https://s3.elsewhere.example.org"; }],
  ["an Ingress that cuts the gateway's image bodies", "accepts bodies up to 48M", (o) => { obj(o, "Ingress", "api-gateway").metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"] = "10m"; }],
  ["a JVM flag ./horde sets missing in the cluster", "lacks -Dvertx.disableURIValidation=true", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("kudos-service-settings")); cm.data.JAVA_OPTS_APPEND = cm.data.JAVA_OPTS_APPEND.replace("-Dvertx.disableURIValidation=true", ""); }],
  ["a Deployment without a memory limit", "storage-service: no memory limit", (o) => { delete container(o, "storage-service").resources.limits.memory; }],
  ["a heap fixed with -Xmx", "must not fix -Xmx", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("api-gateway-settings")); cm.data.JAVA_OPTS_APPEND = "-XX:MaxRAMPercentage=50.0 -Xmx256m"; }],
  ["a topic of contracts without its KafkaTopic", "no KafkaTopic for horde.jobs.requeued", (o) => { o.splice(o.findIndex((x) => x.kind === "KafkaTopic" && x.spec.topicName.endsWith("horde.jobs.requeued")), 1); }],
  ["the researchers' export topic with a finite retention", "export topic must be kept", (o) => { o.find((x) => x.kind === "KafkaTopic" && x.spec.topicName.endsWith("horde.ratings.export")).spec.config["retention.ms"] = 604800000; }],
  ["a setting the service reads left unset", "(HORDE_DB_HOST) is not set", (o) => { const c = container(o, "job-service"); c.env = c.env.filter((e) => e.name !== "HORDE_DB_HOST"); }],
  ["a variable no service reads (a typo)", "HORDE_JOBZ_REQUEST_TTL is set but job-service reads no such setting", (o) => { container(o, "job-service").env.push({ name: "HORDE_JOBZ_REQUEST_TTL", value: "1" }); }],
  ["a setting read through another key's ${...} left unset", "horde.storage.endpoint (HORDE_STORAGE_ENDPOINT) is not set", (o) => { const c = container(o, "rating-service"); c.env = c.env.filter((e) => e.name !== "HORDE_STORAGE_ENDPOINT"); }],
  ["the object store open to the gateway, which only signs URLs", "extra: api-gateway → horde-minio:9000", (o) => {
    obj(o, "NetworkPolicy", "horde-minio").spec.ingress.push({ from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "api-gateway" } } }], ports: [{ port: 9000, protocol: "TCP" }] });
    obj(o, "NetworkPolicy", "api-gateway").spec.egress.push({ to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "minio" } } }], ports: [{ port: 9000, protocol: "TCP" }] }); }],
  ["a password as a literal", "QUARKUS_DATASOURCE_PASSWORD is not a secretKeyRef", (o) => { const c = container(o, "kudos-service"); c.env = c.env.map((e) => e.name === "QUARKUS_DATASOURCE_PASSWORD" ? { name: e.name, value: "hunter22" } : e); }],
  ["a Secret with data in the tree", "carries values", (o) => { o.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "horde-s3", namespace: o[0].metadata.namespace }, stringData: { "access-key": "x" } }); }],
  ["the gateway's egress to kudos-service removed", "missing: api-gateway → kudos-service:8082", (o) => { const np = obj(o, "NetworkPolicy", "api-gateway"); np.spec.egress = np.spec.egress.filter((r) => !(r.to || []).some((p) => p.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "kudos-service")); }],
  ["kudos-service reachable from job-service, which never calls it", "extra: job-service → kudos-service:8082", (o) => {
    obj(o, "NetworkPolicy", "kudos-service").spec.ingress.push({ from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "job-service" } } }], ports: [{ port: 8082, protocol: "TCP" }] });
    obj(o, "NetworkPolicy", "job-service").spec.egress.push({ to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "kudos-service" } } }], ports: [{ port: 8082, protocol: "TCP" }] }); }],
  ["job-service reachable from outside the namespace", "reach job-service from outside the namespace", (o) => { obj(o, "NetworkPolicy", "job-service").spec.ingress.push({ from: [{ namespaceSelector: {} }] }); }],
  ["Kafka open to a pod that does not use it", "extra: horde-redis → kafka:9092", (o) => {
    const k = o.find((x) => x.kind === "Kafka"); k.spec.kafka.listeners[0].networkPolicyPeers.push({ podSelector: { matchLabels: { "app.kubernetes.io/name": "redis" } } }); }],
  ["a KEDA trigger on a group the service does not consume in", "consumerGroup horde.someone-else", (o) => { o.find((x) => x.kind === "ScaledObject").spec.triggers[0].metadata.consumerGroup = "horde.someone-else"; }],
  ["two autoscalers on one Deployment", "exactly one autoscaler", (o) => { const so = o.find((x) => x.kind === "ScaledObject"); o.push({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "extra", namespace: so.metadata.namespace }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: so.spec.scaleTargetRef.name }, minReplicas: 1, maxReplicas: 2, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] } }); }],
  ["a dashboard query on a metric nothing exposes", "queries horde_jobs_queue_age_seconds", (o) => { const cm = o.find((x) => x.metadata.labels?.grafana_dashboard); const k = Object.keys(cm.data)[0]; cm.data[k] = cm.data[k].replace("horde_jobs_waiting", "horde_jobs_queue_age_seconds"); }],
  ["a wrong type in a Kubernetes object (schema)", "containerPort must be integer", (o) => { container(o, "interrogation-service").ports[0].containerPort = "http"; }],
  ["a misspelt field in a Kubernetes object", "unknown field spec.template.spec.containers[0].readinesProbe", (o) => { const c = container(o, "job-service"); c.readinesProbe = c.readinessProbe; }],
  ["a wrong type in a KEDA object (schema)", "lagThreshold must be string", (o) => { obj(o, "ScaledObject", "kudos-service").spec.triggers[0].metadata.lagThreshold = 200; }],
  ["a KafkaTopic without partitions (structure)", "spec.partitions must be an integer", (o) => { delete obj(o, "KafkaTopic", "horde.jobs.claimed").spec.partitions; }],
];

async function selfTest(overlay, objects) {
  sink = [];
  await validateObjects(overlay, clone(objects));
  const cleanFailures = sink.filter((r) => r.problems.length > 0);
  sink = null;
  check(`self-test: the unbroken ${overlay} overlay passes every check`, cleanFailures.map((r) => r.label));
  for (const [description, expected, mutate] of MUTATIONS) {
    let what = description;
    const broken = clone(objects);
    let problems;
    try {
      mutate(broken);
      sink = [];
      await validateObjects(overlay, broken);
      const hit = sink.flatMap((r) => r.problems).filter((p) => p.includes(expected));
      problems = hit.length > 0 ? [] : [`no check reported '${expected}'; they reported: ${sink.flatMap((r) => r.problems).join(" | ").slice(0, 300) || "nothing"}`];
      if (hit.length > 0) what += ` → ${hit[0].slice(0, 140)}`;
    } catch (e) {
      problems = [`the mutation itself failed: ${e.message}`];
    } finally {
      sink = null;
    }
    check(`self-test: ${what}`, problems);
  }
}

const overlays = fs.readdirSync(path.join(K8S, "overlays")).filter((d) => fs.existsSync(path.join(K8S, "overlays", d, "kustomization.yaml"))).sort();
console.log(`k8s validation: ${overlays.length} overlays (${overlays.join(", ")}), ${SERVICES.length} service modules (${SERVICES.map((s) => s.name).join(", ")}), ${Object.keys(CONTRACT_TOPICS).length} topics in contracts`);
const rendered = {};
for (const overlay of overlays) rendered[overlay] = await validateOverlay(overlay);
if (rendered.production) await selfTest("production", rendered.production);
console.log(`k8s: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

import { strict as assert } from "assert";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { applicationSetHealthLua } from "../../../../components/argocd/health";
import { HealthStatus, runHealthScript } from "../../../lua";
import { describeWithReference } from "../../../reference";

/** Fixtures in the layout of Argo CD's resource_customizations: health_test.yaml beside testdata/. */
const FIXTURES = path.join(__dirname, "applicationset");

interface HealthTest {
    healthStatus: HealthStatus;
    inputPath: string;
}

const tests: HealthTest[] = YAML.parse(fs.readFileSync(path.join(FIXTURES, "health_test.yaml"), "utf8")).tests;
const fixture = (inputPath: string) => YAML.parse(fs.readFileSync(path.join(FIXTURES, inputPath), "utf8"));
const health = (resource: unknown) => runHealthScript(applicationSetHealthLua(), resource);

/** A fixture whose generated Applications are all Healthy (or that has none): the stock check must agree. */
const allHealthy = (resource: { status?: { resources?: { health?: { status?: string } }[] } }) =>
    (resource.status?.resources ?? []).every((r) => r.health?.status === "Healthy");

describe("Lua health check for argoproj.io/ApplicationSet", () => {
    for (const test of tests) {
        it(`${test.inputPath}: ${test.healthStatus.status}`, () => {
            assert.deepEqual(health(fixture(test.inputPath)), test.healthStatus);
        });
    }

    it("covers every fixture in testdata/ and every status a wave can wait on", () => {
        const listed = tests.map((t) => t.inputPath).sort();
        const present = fs
            .readdirSync(path.join(FIXTURES, "testdata"))
            .map((f) => `testdata/${f}`)
            .sort();
        assert.deepEqual(listed, present);
        assert.deepEqual([...new Set(tests.map((t) => t.healthStatus.status))].sort(), [
            "Degraded",
            "Healthy",
            "Progressing",
        ]);
    });
});

describeWithReference(
    "ApplicationSet health against Argo CD v3.4.4",
    ["argo-cd-v3.4.4/health/applicationset-health.lua", "argo-cd-v3.4.4/crds/applicationset-crd.yaml"],
    ([stockFile, crdFile]) => {
        const stock = (resource: unknown) => runHealthScript(fs.readFileSync(stockFile, "utf8"), resource);

        it("keeps the stock verdict wherever every generated Application is Healthy", () => {
            const same = tests.filter((t) => allHealthy(fixture(t.inputPath)));
            assert.ok(same.length >= 5, "fixtures for each stock condition path");
            for (const t of same)
                assert.deepEqual(health(fixture(t.inputPath)), stock(fixture(t.inputPath)), t.inputPath);
        });

        it("differs from the stock check exactly where it rolls up an unhealthy Application", () => {
            // The stock check calls these Healthy (or Progressing for a rollout) and would let the next wave start.
            const rolledUp = tests.filter((t) => !allHealthy(fixture(t.inputPath)));
            assert.ok(rolledUp.length >= 4);
            for (const t of rolledUp) {
                const ours = health(fixture(t.inputPath));
                assert.notDeepEqual(ours, stock(fixture(t.inputPath)), t.inputPath);
                assert.notEqual(ours.status, "Healthy", t.inputPath);
            }
            assert.equal(stock(fixture("testdata/progressing.yaml")).status, "Healthy");
        });

        it("reads only fields the ApplicationSet CRD defines (every fixture validates against it)", () => {
            const crd = YAML.parse(fs.readFileSync(crdFile, "utf8"));
            const schema = crd.spec.versions.find((v: { name: string }) => v.name === "v1alpha1").schema
                .openAPIV3Schema;
            const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
            const validate = ajv.compile(schema);
            for (const t of tests) {
                assert.ok(validate(fixture(t.inputPath)), `${t.inputPath}: ${ajv.errorsText(validate.errors)}`);
            }
            const resourceFields = Object.keys(schema.properties.status.properties.resources.items.properties);
            assert.ok(resourceFields.includes("health") && resourceFields.includes("name"));
        });
    },
);

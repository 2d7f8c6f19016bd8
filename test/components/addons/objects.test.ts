import { strict as assert } from "assert";
import * as YAML from "yaml";
import {
    PLATFORM_OBJECTS_CHART,
    platformObjectsChartFiles,
    renderPlatformObjects,
} from "../../../components/addons/objects";
import { mergeValues } from "../../../components/gitops/layering";

const configMap = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, spec: undefined });

describe("the platform-objects chart", () => {
    it("is a Helm v2 chart whose template ranges over the objects map", () => {
        const files = new Map(platformObjectsChartFiles().map((f) => [f.path, f.content]));
        assert.equal(YAML.parse(files.get(`${PLATFORM_OBJECTS_CHART}/Chart.yaml`)!).apiVersion, "v2");
        assert.deepEqual(YAML.parse(files.get(`${PLATFORM_OBJECTS_CHART}/values.yaml`)!), { objects: {} });
        const template = files.get(`${PLATFORM_OBJECTS_CHART}/templates/objects.yaml`)!;
        assert.match(template, /range \$key, \$object := \.Values\.objects/);
        assert.match(template, /if \$object/);
    });

    it("renders one manifest per non-null entry, in key order, after the layers merge", () => {
        const defaults = { objects: { b: configMap("b"), a: configMap("a"), c: configMap("c") } };
        // A cluster's values file replaces one object and drops another by its key.
        const cluster = { objects: { a: configMap("a2"), c: null } };
        const rendered = renderPlatformObjects(mergeValues(defaults, cluster));
        assert.deepEqual(
            rendered.map((o) => o.metadata.name),
            ["a2", "b"],
        );
        assert.deepEqual(renderPlatformObjects({}), []);
    });
});

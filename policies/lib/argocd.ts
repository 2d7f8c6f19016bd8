import { ResourceValidationArgs } from "@pulumi/policy";
import { parseAllDocuments } from "yaml";
import { TYPES } from "./types";
import { valueAt } from "./values";

/* eslint-disable @typescript-eslint/no-explicit-any -- policies read untyped resource inputs */

/** The Helm chart that installs Argo CD. */
export const ARGOCD_CHART = "argo-cd";

/** One install of the argo-cd chart: by a Helm release, or by an Application (Argo CD managing itself). */
export interface ArgoCdInstallation {
    /** Chart version (`version` of the release, `targetRevision` of the Application). */
    chartVersion: string | undefined;
    /** Helm values given to the chart. */
    values: Record<string, any>;
    /** Where the values come from, for messages. */
    source: string;
}

/** An Argo CD Application spec as the policies see it: an Application's, or an ApplicationSet's template. */
export interface ApplicationSpecSource {
    /** `Application <name>` or `ApplicationSet <name> (template)`, with the Git file if it came from one. */
    source: string;
    spec: Record<string, any>;
    /** For an ApplicationSet: the elements of its `list` generators, which fill the template's `{{.key}}`s. */
    elements?: Record<string, unknown>[];
}

/** The `list` generator elements of an ApplicationSet spec (top level or inside a matrix or merge). */
function listElements(spec: Record<string, any>): Record<string, unknown>[] {
    const generators: any[] = Array.isArray(spec.generators) ? spec.generators : [];
    return generators.flatMap((g) => [
        ...(Array.isArray(g?.list?.elements) ? g.list.elements : []),
        ...listElements({ generators: g?.matrix?.generators ?? g?.merge?.generators ?? [] }),
    ]);
}

/** An AppProject a resource carries: its name and spec. */
export interface AppProjectSource {
    name: string;
    source: string;
    spec: Record<string, any>;
}

/** Every AppProject a resource carries (an AppProject resource, or committed YAML). */
export function appProjectSpecs(args: ResourceValidationArgs): AppProjectSource[] {
    return kubernetesObjects(args)
        .filter(({ object }) => object.kind === "AppProject" && object.spec && typeof object.spec === "object")
        .map(({ object, file }) => {
            const name = String(valueAt(object, ["metadata", "name"]) ?? "");
            return { name, source: describe("AppProject", name, file), spec: object.spec };
        });
}

/** Resource types that can carry Argo CD Applications. */
export const APPLICATION_CARRIERS = [TYPES.application, TYPES.applicationSet, TYPES.repositoryFile];

/** Resource types that can install the argo-cd chart. */
export const ARGOCD_CARRIERS = [TYPES.helmRelease, TYPES.application, TYPES.repositoryFile];

const isArgoCdChart = (chart: unknown) =>
    typeof chart === "string" && (chart === ARGOCD_CHART || chart.endsWith(`/${ARGOCD_CHART}`));

/** Kubernetes objects a resource describes: its own inputs, or the YAML documents of a file Pulumi commits. */
function kubernetesObjects(args: ResourceValidationArgs): { object: Record<string, any>; file?: string }[] {
    if (args.type !== TYPES.repositoryFile) return [{ object: args.props }];
    const file = String(args.props.file ?? "");
    if (!/\.ya?ml$/.test(file)) return [];
    return parseAllDocuments(String(args.props.content ?? ""))
        .map((doc) => doc.toJS() as unknown)
        .filter((object): object is Record<string, any> => object !== null && typeof object === "object")
        .map((object) => ({ object, file }));
}

const describe = (kind: string, name: unknown, file?: string) =>
    `${kind} ${String(name ?? "(unnamed)")}${file ? ` in ${file}` : ""}`;

/** Every Application spec a resource carries (Application, ApplicationSet template, or committed YAML). */
export function applicationSpecs(args: ResourceValidationArgs): ApplicationSpecSource[] {
    return kubernetesObjects(args).flatMap(({ object, file }) => {
        const name = valueAt(object, ["metadata", "name"]);
        if (object.kind === "Application" && object.spec) {
            return [{ source: describe("Application", name, file), spec: object.spec }];
        }
        if (object.kind === "ApplicationSet" && valueAt(object, ["spec", "template", "spec"])) {
            return [
                {
                    source: describe("ApplicationSet", name, file) + " (template)",
                    spec: object.spec.template.spec,
                    elements: listElements(object.spec),
                },
            ];
        }
        return [];
    });
}

/** Every install of the argo-cd chart a resource carries. */
export function argoCdInstallations(args: ResourceValidationArgs): ArgoCdInstallation[] {
    if (args.type === TYPES.helmRelease) {
        if (!isArgoCdChart(args.props.chart)) return [];
        return [
            {
                chartVersion: args.props.version,
                values: args.props.values ?? {},
                source: `Helm release ${args.props.name ?? args.name}`,
            },
        ];
    }
    return applicationSpecs(args).flatMap(({ source, spec }) => {
        const sources: any[] = spec.sources ?? (spec.source ? [spec.source] : []);
        return (
            sources
                .filter((s) => isArgoCdChart(s.chart))
                // Values composed from layered files in Git (`valueFiles`) are not in this resource; the layout's
                // composition test proves they equal the Helm release's values, which these policies check.
                .filter((s) => !(s.helm?.valueFiles?.length > 0 && !s.helm.valuesObject && !s.helm.values))
                .map((s) => ({
                    chartVersion: s.targetRevision,
                    values: helmValues(s.helm),
                    source,
                }))
        );
    });
}

/** An Application's Helm values: `valuesObject`, or the `values` YAML string. */
function helmValues(helm: any): Record<string, any> {
    if (!helm) return {};
    if (helm.valuesObject) return helm.valuesObject;
    if (typeof helm.values === "string") return (parseAllDocuments(helm.values)[0]?.toJS() as any) ?? {};
    return {};
}

/**
 * Runs `check` on every Argo CD install the resource carries; not applicable when it carries none.
 * Keeps each Argo CD policy to the rule itself.
 */
export function forEachArgoCd(args: ResourceValidationArgs, check: (install: ArgoCdInstallation) => void): void {
    const installs = argoCdInstallations(args);
    if (installs.length === 0) args.notApplicable("installs no Argo CD");
    installs.forEach(check);
}

/** Runs `check` on every Application spec the resource carries; not applicable when it carries none. */
export function forEachApplication(args: ResourceValidationArgs, check: (app: ApplicationSpecSource) => void): void {
    const apps = applicationSpecs(args);
    if (apps.length === 0) args.notApplicable("carries no Argo CD Application");
    apps.forEach(check);
}

/** The sync options of an Application as `Name` → lower-cased value, the last one winning as in Argo CD. */
export function syncOptions({ spec }: ApplicationSpecSource): Map<string, string> {
    const options: unknown[] = spec.syncPolicy?.syncOptions ?? [];
    return new Map(
        options
            .filter((o): o is string => typeof o === "string")
            .map((o) => {
                const [name, ...value] = o.split("=");
                return [name.trim(), value.join("=").trim().toLowerCase()];
            }),
    );
}

import { DeployedResource } from "./engine";
import { nameOfUrn } from "./summary";

/** Cluster types whose `deletionProtection` makes their delete fail (GKE, and EKS since provider 7). */
const DELETION_PROTECTED_TYPES = ["gcp:container/cluster:Cluster", "aws:eks/cluster:Cluster"];

/**
 * What would make `pulumi destroy` refuse or fail, read from the deployed state: a `protect`ed resource (the
 * engine refuses the whole destroy), a GKE or EKS cluster with deletion protection on (its delete fails after
 * everything before it is gone). `retainOnDelete` resources (the GitOps repository) are no obstacle: destroy
 * forgets them and leaves them. One line per resource, saying how to lift it; empty when nothing blocks.
 */
export function destroyBlockers(resources: DeployedResource[]): string[] {
    const blockers: string[] = [];
    for (const resource of resources) {
        const name = `${nameOfUrn(resource.urn)} (${resource.type})`;
        if (resource.protect) {
            blockers.push(
                `${name} is protected: unprotect it first (\`pulumi state unprotect '${resource.urn}'\`, or drop \`protect\` in a reviewed up)`,
            );
        }
        if (DELETION_PROTECTED_TYPES.includes(resource.type) && resource.outputs.deletionProtection === true) {
            blockers.push(
                `${name} has deletion protection on: turn it off in a separate, reviewed \`up\` before tearing the stack down`,
            );
        }
    }
    return blockers;
}

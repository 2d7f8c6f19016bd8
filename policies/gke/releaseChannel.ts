import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

const CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED"];

/** The cluster is enrolled in a release channel, so Google patches it. */
export const gkeReleaseChannel = resourcePolicy({
    name: "gke-release-channel",
    severity: "medium",
    description: "GKE is enrolled in a release channel (RAPID, REGULAR, STABLE or EXTENDED).",
    rationale:
        "CIS Google Kubernetes Engine Benchmark 5.5.4 (automatic upgrades) and GKE's own guidance: a cluster in a " +
        "release channel receives security patches automatically; one outside falls behind.",
    remediationSteps: "Set `releaseChannel` of the cluster to REGULAR (the default) or STABLE.",
    types: [TYPES.gkeCluster],
    validate: ({ props }, report) => {
        const channel = props.releaseChannel?.channel;
        if (!CHANNELS.includes(channel)) report(`\`releaseChannel.channel\` is ${channel ?? "unset"}.`);
    },
});

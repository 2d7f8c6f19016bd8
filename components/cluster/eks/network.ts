import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { eksSubnetLayout } from "./cidr";

/** The network an EKS cluster runs in. */
export interface EksNetwork {
    vpcId: pulumi.Output<string>;
    /** Subnets for nodes and the control plane's network interfaces. */
    privateSubnetIds: pulumi.Output<string>[];
    /** Subnets for internet-facing load balancers. */
    publicSubnetIds: pulumi.Output<string>[];
    /** What nodes need before they can join: routes to NAT for pulling images and reaching AWS APIs. */
    egress: pulumi.Resource[];
}

/** Subnet tags the AWS Load Balancer Controller (and Karpenter, on private subnets) discover subnets by. */
export function subnetDiscoveryTags(kind: "private" | "public", clusterName: string): Record<string, string> {
    return kind === "public"
        ? { "kubernetes.io/role/elb": "1" }
        : { "kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": clusterName };
}

/** Arguments of {@link createVpc}. */
export interface VpcArgs {
    clusterName: string;
    vpcCidr: string;
    zoneCount: number;
    /**
     * Availability zone IDs, in order; the first `zoneCount` are used. Zones looked up at run time (`pinned`
     * false) are kept in state after creation: the list shifts when a zone's state changes, and following it
     * would replace subnets (and every node in them).
     */
    zoneIds: { ids: pulumi.Output<string[]>; pinned: boolean };
    natGateways: "single" | "perZone";
}

/**
 * A VPC for one cluster: a private and a public subnet per zone, an internet gateway for the public subnets,
 * and NAT (one gateway, or one per zone) for the private ones. The default security group is emptied.
 */
export function createVpc(name: string, args: VpcArgs, opts: pulumi.CustomResourceOptions): EksNetwork {
    const layout = eksSubnetLayout(args.vpcCidr, args.zoneCount);
    const label = (suffix: string) => ({ Name: `${args.clusterName}-${suffix}` });
    const vpc = new aws.ec2.Vpc(
        `${name}-vpc`,
        { cidrBlock: args.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: label("vpc") },
        opts,
    );
    // CIS AWS 5.4: the default security group allows nothing.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags: label("default") }, opts);
    const gateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: label("igw") }, opts);
    const publicRoutes = new aws.ec2.RouteTable(
        `${name}-public-routes`,
        { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }], tags: label("public") },
        opts,
    );

    const zone = (index: number) => args.zoneIds.ids.apply((ids) => ids[index]);
    const subnetOpts: pulumi.CustomResourceOptions = args.zoneIds.pinned
        ? opts
        : { ...opts, ignoreChanges: ["availabilityZoneId"] };
    const publicSubnets = layout.public.map((cidrBlock, index) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-public-${index}`,
            {
                vpcId: vpc.id,
                cidrBlock,
                availabilityZoneId: zone(index),
                mapPublicIpOnLaunch: false,
                tags: { ...label(`public-${index}`), ...subnetDiscoveryTags("public", args.clusterName) },
            },
            subnetOpts,
        );
        new aws.ec2.RouteTableAssociation(
            `${name}-public-${index}-routes`,
            { subnetId: subnet.id, routeTableId: publicRoutes.id },
            opts,
        );
        return subnet;
    });

    const natCount = args.natGateways === "perZone" ? args.zoneCount : 1;
    const natGateways = [...Array(natCount).keys()].map((index) => {
        const address = new aws.ec2.Eip(
            `${name}-nat-${index}-ip`,
            { domain: "vpc", tags: label(`nat-${index}`) },
            opts,
        );
        return new aws.ec2.NatGateway(
            `${name}-nat-${index}`,
            { allocationId: address.id, subnetId: publicSubnets[index].id, tags: label(`nat-${index}`) },
            { ...opts, dependsOn: [gateway] },
        );
    });

    const egress: pulumi.Resource[] = [];
    const privateSubnets = layout.private.map((cidrBlock, index) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-private-${index}`,
            {
                vpcId: vpc.id,
                cidrBlock,
                availabilityZoneId: zone(index),
                tags: { ...label(`private-${index}`), ...subnetDiscoveryTags("private", args.clusterName) },
            },
            subnetOpts,
        );
        const routes = new aws.ec2.RouteTable(
            `${name}-private-${index}-routes`,
            {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways[Math.min(index, natCount - 1)].id }],
                tags: label(`private-${index}`),
            },
            opts,
        );
        egress.push(
            new aws.ec2.RouteTableAssociation(
                `${name}-private-${index}-association`,
                { subnetId: subnet.id, routeTableId: routes.id },
                opts,
            ),
        );
        return subnet;
    });

    return {
        vpcId: vpc.id,
        privateSubnetIds: privateSubnets.map((s) => s.id),
        publicSubnetIds: publicSubnets.map((s) => s.id),
        egress,
    };
}

/** An existing VPC and its subnets, given in config. */
export interface ExistingVpcArgs {
    clusterName: string;
    vpcId: string;
    privateSubnetIds: string[];
    publicSubnetIds: string[];
}

/**
 * Uses a VPC made elsewhere; adds the load-balancer (and Karpenter) discovery tags to its subnets, one
 * `aws.ec2.Tag` per tag, so the rest of each subnet stays untouched.
 */
export function useExistingVpc(name: string, args: ExistingVpcArgs, opts: pulumi.CustomResourceOptions): EksNetwork {
    const tag = (kind: "private" | "public", subnetIds: string[]) =>
        subnetIds.forEach((subnetId) => {
            for (const [key, value] of Object.entries(subnetDiscoveryTags(kind, args.clusterName))) {
                const slug = key.replace(/[^a-z0-9]+/gi, "-");
                new aws.ec2.Tag(`${name}-${subnetId}-${slug}`, { resourceId: subnetId, key, value }, opts);
            }
        });
    tag("private", args.privateSubnetIds);
    tag("public", args.publicSubnetIds);
    return {
        vpcId: pulumi.output(args.vpcId),
        privateSubnetIds: args.privateSubnetIds.map((id) => pulumi.output(id)),
        publicSubnetIds: args.publicSubnetIds.map((id) => pulumi.output(id)),
        egress: [],
    };
}

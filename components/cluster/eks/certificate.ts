import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * An ACM certificate for Argo CD's hosts behind the ALB, validated by DNS in the hosted zone of
 * `argocd.domain`: the ALB takes only ACM certificates (not cert-manager's Secrets), and ACM renews a
 * DNS-validated certificate by itself for as long as the validation records stay. Returns the ARN once ACM
 * has issued it, so nothing names a certificate the ALB cannot use yet.
 */
export function argocdCertificate(
    name: string,
    hosts: readonly string[],
    zoneId: string,
    opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
    const [domainName, ...alternativeNames] = hosts;
    const certificate = new aws.acm.Certificate(
        `${name}-argocd-certificate`,
        {
            domainName,
            subjectAlternativeNames: alternativeNames,
            validationMethod: "DNS",
            keyAlgorithm: "EC_prime256v1",
        },
        // Replaced create-first (Pulumi's default): the ALB keeps the old one until the Ingress names the new.
        opts,
    );
    // One record per host, known at preview: ACM gives each host its own CNAME (hosts differ, no wildcard).
    const records = hosts.map((host, i) => {
        const option = certificate.domainValidationOptions.apply((options) => {
            const found = options.find((o) => o.domainName === host);
            if (!found) throw new Error(`ACM returned no DNS validation record for ${host}`);
            return found;
        });
        return new aws.route53.Record(
            `${name}-argocd-certificate-validation-${i}`,
            {
                zoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 300,
            },
            opts,
        );
    });
    const validation = new aws.acm.CertificateValidation(
        `${name}-argocd-certificate-validation`,
        { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn) },
        opts,
    );
    return validation.certificateArn;
}

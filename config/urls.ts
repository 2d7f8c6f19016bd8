/**
 * Credentials in URLs. A repository URL is written in clear text into the root Application, the AppProjects
 * and the repository Secret (and shown by Argo CD's UI and API to every reader), so it must never carry a
 * password or token: not as `user:password@`, not as a token in the user name (`https://<token>@host`), not
 * in the query string or fragment.
 */

/** Query or fragment parameter names that carry credentials. */
const CREDENTIAL_PARAMETER =
    /^(.*[-_.])?(token|access[-_]?token|private[-_]?token|password|passwd|pwd|secret|key|api[-_]?key|sig|signature|auth|authorization|credential|credentials|x-amz-(signature|credential|security-token))$/i;

/** Token formats of common Git hosts and chat tools (GitHub, GitLab, Slack, Bitbucket, Azure DevOps). */
const TOKEN_SHAPES =
    /(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|glpat-[A-Za-z0-9_-]{16,}|xox[abprs]-|ATBB[A-Za-z0-9]{16,}|x-access-token|x-token-auth|oauth2:)/;

/** Where credentials go instead, for the error message. */
export const CREDENTIALS_GO_ELSEWHERE =
    "credentials never go in a URL (it is stored and shown in clear text in the root Application, AppProjects and repository Secret): use gitops.owner/gitops.name, for which Pulumi creates a read-only deploy key per cluster, or an SSH URL whose key, like any token, is given to Argo CD as a Pulumi secret (`pulumi config set --secret`) in a repository Secret, never in the URL";

function decoded(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** Why `url` carries credentials, or `undefined` when it does not. */
export function urlCredentialProblem(url: string): string | undefined {
    const text = url.trim();
    if (TOKEN_SHAPES.test(decoded(text))) return "holds what looks like an access token";
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
    // scp-like `user@host:path` (no scheme): a user name is normal (git@), a password is not.
    const authority = scheme
        ? text.slice(scheme[0].length).split(/[/?#]/)[0]
        : /^[^/@]+@[^:/]+:/.test(text)
          ? text.split(":")[0]
          : "";
    const at = authority.lastIndexOf("@");
    if (at >= 0) {
        const userinfo = decoded(authority.slice(0, at));
        if (userinfo.includes(":")) return "has a user name and password (`user:password@`)";
        const kind = scheme?.[1].toLowerCase();
        // Over HTTPS (and for OCI registries) the user name is where a token goes; over SSH it is just `git`.
        if (kind !== undefined && kind !== "ssh" && kind !== "git+ssh") {
            return `has a user name (\`${userinfo.length > 3 ? `${userinfo.slice(0, 3)}...` : userinfo}@\`), which over ${kind} is how a token is passed`;
        }
    }
    const rest = text.split(/[?#]/).slice(1).join("&");
    for (const parameter of rest.split(/[&;]/)) {
        const name = decoded(parameter.split("=")[0]);
        if (name && CREDENTIAL_PARAMETER.test(name)) {
            return `has a credential in its query string or fragment (\`${name}=\`)`;
        }
    }
    return undefined;
}

import { IConstruct } from 'constructs';
import { fail } from '../_validation';

/**
 * Checks a container image reference: a lower-case repository with a pinned
 * tag (not `latest`) or a digest.
 */
export function checkImage(scope: IConstruct, prop: string, image: string, exampleTag: string = '4.0.4'): void {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const repository = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
  if (repository !== repository.toLowerCase()) {
    fail(scope, prop, image, 'must have a lower-case repository', `use '${repository.toLowerCase()}${image.slice(repository.length)}'`);
  }
  if (at >= 0) {
    if (!/^sha256:[a-f0-9]{64}$/.test(image.slice(at + 1))) {
      fail(scope, prop, image, 'must have a sha256 digest of 64 hex characters after \'@\'', 'copy the digest from the registry');
    }
    return;
  }
  if (tag === undefined) {
    fail(scope, prop, image, 'must pin a tag or digest (without one the registry serves whatever \'latest\' is today)', `use '${image}:<version>', e.g. '${repository}:${exampleTag}'`);
  }
  if (tag === 'latest') {
    fail(scope, prop, image, 'must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent)', `pin a version, e.g. '${repository}:${exampleTag}'`);
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    fail(scope, prop, image, 'must have a valid tag (letters, digits, \'_\', \'.\' and \'-\', at most 128)', `pin a version, e.g. '${repository}:${exampleTag}'`);
  }
}

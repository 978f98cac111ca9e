import { IConstruct } from 'constructs';
import { parseImage } from '../_input';
import { fail } from '../_validation';

/**
 * Checks a container image reference: the distribution reference grammar
 * (lower-case repository path, nothing a shell or the operator's `bash -c`
 * line could read as a command), and a pinned tag (not `latest`) or a sha256
 * digest.
 */
export function checkImage(scope: IConstruct, prop: string, image: string, exampleTag: string = '4.0.4'): void {
  const ref = parseImage(image);
  if (!ref) {
    const lower = typeof image === 'string' ? lowerRepository(image) : undefined;
    if (lower && lower !== image && parseImage(lower)) {
      fail(scope, prop, image, 'must have a lower-case repository', `use '${lower}'`);
    }
    const at = typeof image === 'string' ? image.indexOf('@') : -1;
    if (at >= 0 && parseImage(image.slice(0, at))) {
      fail(scope, prop, image, 'must have a sha256 digest of 64 hex characters after \'@\'', 'copy the digest from the registry');
    }
    const colon = typeof image === 'string' ? image.lastIndexOf(':') : -1;
    if (colon > image.lastIndexOf('/') && parseImage(image.slice(0, colon))) {
      const name = image.slice(0, colon);
      fail(scope, prop, image, 'must have a valid tag (letters, digits, \'_\', \'.\' and \'-\', at most 128)', `pin a version, e.g. '${name}:${exampleTag}'`);
    }
    fail(scope, prop, image, 'must be an image reference [registry[:port]/]repository[:tag][@digest] (lower-case letters, digits and . _ - / in the repository; no spaces or shell characters)',
      `use e.g. 'apache/spark:${exampleTag}' or 'registry.example.com/team/spark:${exampleTag}'`);
  }
  if (ref.digest !== undefined) {
    if (!/^sha256:[a-f0-9]{64}$/.test(ref.digest)) {
      fail(scope, prop, image, 'must have a sha256 digest of 64 hex characters after \'@\'', 'copy the digest from the registry');
    }
    return;
  }
  if (ref.tag === undefined) {
    fail(scope, prop, image, 'must pin a tag or digest (without one the registry serves whatever \'latest\' is today)', `use '${image}:<version>', e.g. '${ref.name}:${exampleTag}'`);
  }
  if (ref.tag === 'latest') {
    fail(scope, prop, image, 'must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent)', `pin a version, e.g. '${ref.name}:${exampleTag}'`);
  }
}

/** The image with its repository path (not the registry host) in lower case. */
function lowerRepository(image: string): string {
  const slash = image.indexOf('/');
  const first = slash >= 0 ? image.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  const at = image.search(/[:@](?=[^/]*$)/);
  const end = at > slash ? at : image.length;
  const start = hasDomain ? slash + 1 : 0;
  return image.slice(0, start) + image.slice(start, end).toLowerCase() + image.slice(end);
}

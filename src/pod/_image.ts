import { IConstruct } from 'constructs';
import { parseImage, PassedStrings } from '../_input';
import { fail } from '../_validation';

/** How the fix part of an image message spells an example. */
interface ImageExamples {
  /** The fix for an image without a tag. */
  readonly noTag: (image: string, name: string) => string;
  /** An example with a pinned version. */
  readonly pinned: (name: string) => string;
  /** The fix for a string that is no image reference at all. */
  readonly any: string;
}

/** Examples for Spark images: the version the construct runs. */
function sparkExamples(exampleTag: string): ImageExamples {
  return {
    noTag: (image, name) => `use '${image}:<version>', e.g. '${name}:${exampleTag}'`,
    pinned: (name) => `'${name}:${exampleTag}'`,
    any: `use e.g. 'apache/spark:${exampleTag}' or 'registry.example.com/team/spark:${exampleTag}'`,
  };
}

/** Examples for a prop that holds only the tag (the repository is another prop). */
function tagExamples(exampleTag: string): ImageExamples {
  return {
    noTag: () => `use e.g. '${exampleTag}'`,
    pinned: () => `'${exampleTag}'`,
    any: `use e.g. '${exampleTag}'`,
  };
}

/** Examples for sidecar and init container images: the library cannot know their version. */
const CONTAINER_EXAMPLES: ImageExamples = {
  noTag: (image) => `use '${image}:<version>' with the version you tested`,
  pinned: (name) => `'${name}:<version>'`,
  any: 'use e.g. \'busybox:1.37\' or \'registry.example.com/team/tool:1.0\'',
};

/**
 * Checks a container image reference: the distribution reference grammar
 * (lower-case repository path, nothing a shell or the operator's `bash -c`
 * line could read as a command), and a pinned tag (not `latest`) or a sha256
 * digest.
 */
export function checkImage(scope: IConstruct, prop: string, image: string, exampleTag: string = '4.0.4', tagOnly: boolean = false): void {
  check(scope, prop, image, () => (tagOnly ? tagExamples(exampleTag) : sparkExamples(exampleTag)));
}

/** Checks the image of a sidecar or init container: set, and as `checkImage` requires. */
export function checkContainerImage(scope: IConstruct, prop: string, image: string | undefined): void {
  if (image === undefined || image === '') {
    fail(scope, prop, image, 'must be set (Kubernetes cannot start a container without an image)', 'give the image with a pinned version, e.g. \'busybox:1.37\'');
  }
  check(scope, prop, image, () => CONTAINER_EXAMPLES);
}

/** Images `check` accepted: an App of many applications checks the same few images again and again. */
const ACCEPTED_IMAGES = new PassedStrings(256);

/**
 * Checks an image and remembers it when it passes. The examples are made
 * only for a message: most checks are of an image accepted before.
 */
function check(scope: IConstruct, prop: string, image: string, examples: () => ImageExamples): void {
  if (ACCEPTED_IMAGES.has(image)) return;
  const ref = parseImage(image);
  if (!ref) {
    failUnparsed(scope, prop, image, examples);
  }
  if (ref.digest !== undefined) {
    if (!/^sha256:[a-f0-9]{64}$/.test(ref.digest)) {
      fail(scope, prop, image, 'must have a sha256 digest of 64 hex characters after \'@\'', 'copy the digest from the registry');
    }
    ACCEPTED_IMAGES.add(image);
    return;
  }
  if (ref.tag === undefined) {
    fail(scope, prop, image, 'must pin a tag or digest (without one the registry serves whatever \'latest\' is today)', examples().noTag(image, ref.name));
  }
  if (ref.tag === 'latest') {
    fail(scope, prop, image, 'must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent)', `pin a version, e.g. ${examples().pinned(ref.name)}`);
  }
  ACCEPTED_IMAGES.add(image);
}

/** The most precise message for a string the reference grammar refuses. */
function failUnparsed(scope: IConstruct, prop: string, image: unknown, examples: () => ImageExamples): never {
  if (typeof image === 'string') {
    const lower = lowerRepository(image);
    if (lower !== image && parseImage(lower)) {
      fail(scope, prop, image, 'must have a lower-case repository', `use '${lower}'`);
    }
    const at = image.indexOf('@');
    if (at >= 0 && parseImage(image.slice(0, at))) {
      fail(scope, prop, image, 'must have a sha256 digest of 64 hex characters after \'@\'', 'copy the digest from the registry');
    }
    const colon = image.lastIndexOf(':');
    if (colon > image.lastIndexOf('/') && parseImage(image.slice(0, colon))) {
      fail(scope, prop, image, 'must have a valid tag (letters, digits, \'_\', \'.\' and \'-\', at most 128)', `pin a version, e.g. ${examples().pinned(image.slice(0, colon))}`);
    }
  }
  fail(scope, prop, image, 'must be an image reference [registry[:port]/]repository[:tag][@digest] (lower-case letters, digits and . _ - / in the repository; no spaces or shell characters)',
    examples().any);
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

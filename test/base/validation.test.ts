/** `_validation.ts`: the message format, and the runtime type checks every construct uses for JavaScript callers (issue 12, root cause 11). */
import { Chart, Duration, Testing } from 'cdk8s';
import {
  checkAnnotations, checkBoolean, checkDns1035, checkDuration, checkEnum, checkLabels, checkList, checkMap, checkRequired, checkShape, checkString, checkStringList,
  checkAll, checkSetProps, checkStringMap, durationMillis, PropCheck, show, wholeSeconds, when,
} from '../../src/_validation';
import { SparkValidationError } from '../../src/errors';

const chart = () => new Chart(Testing.app(), 'test');
const REDACT = 'which would be stored in clear in Git and in the cluster, got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)';

enum Color { RED = 'Red', DARK_BLUE = 'DarkBlue' }

describe('show', () => {
  class Thing { public readonly self = this; }
  test('class instances by their name (their fields may be circular or hold references), plain data as JSON', () => {
    expect(show(new Thing())).toBe('<Thing>');
    expect(show({ a: 1 })).toBe('{"a":1}');
    expect(show([1, 'x', undefined])).toBe('[1, \'x\', nothing]');
    expect(show(() => 1)).toBe('<function anonymous>');
    expect(show(null)).toBe('null');
  });
});

describe('map keys cdk8s cannot render or a JavaScript map cannot hold', () => {
  test('\'constructor\' and \'__proto__\' are refused as label, annotation and string-map keys, with the prop', () => {
    const scope = chart();
    expect(() => checkLabels(scope, 'labels', { constructor: 'data' })).toThrow(
      '[test] \'labels.constructor\' key must not be \'constructor\' (cdk8s reads that key of a map as the map\'s class and cannot render the map), got \'constructor\'; use a key such as \'example.com/team\'');
    expect(() => checkAnnotations(scope, 'annotations', JSON.parse('{ "__proto__": "x" }'))).toThrow(
      '[test] \'annotations.__proto__\' key must not be \'__proto__\' (a JavaScript map cannot hold it: the key would vanish from the output)');
    expect(() => checkStringMap(scope, 'resources', { constructor: '1' })).toThrow('\'resources.constructor\' key must not be \'constructor\'');
    // Keys that only look like Object.prototype's members are ordinary keys.
    expect(() => checkLabels(scope, 'labels', { 'toString': 'x', 'example.com/constructor': 'y' })).not.toThrow();
  });
});

describe('checkSetProps: the checks of the props that are set, every problem at once', () => {
  interface Input { image?: unknown; suspend?: unknown; localMode?: unknown }
  const calls: string[] = [];
  const CHECKS: ReadonlyArray<PropCheck<Input, { scope: Chart; input: Input }>> = [
    when('image', ({ scope, input }) => { calls.push('image'); checkString(scope, 'image', input.image); }),
    when('suspend', ({ scope, input }) => { calls.push('suspend'); checkBoolean(scope, 'suspend', input.suspend); }),
    when('localMode', ({ scope, input }) => { calls.push('localMode'); checkBoolean(scope, 'localMode', input.localMode); }),
  ];
  const run = (input: Input) => {
    calls.length = 0;
    const scope = chart();
    checkSetProps(scope, input, CHECKS, { scope, input });
  };

  test('a prop that is not set is not checked; null is set, and refused', () => {
    expect(() => run({ suspend: true })).not.toThrow();
    expect(calls).toEqual(['suspend']);
    expect(() => run({ image: null })).toThrow('[test] \'image\' must be a string, got null');
    expect(calls).toEqual(['image']);
  });

  test('every problem of the set props in one error, in the order of the checks', () => {
    expect(() => run({ localMode: 'yes', image: 5, suspend: false })).toThrow([
      '2 problems:',
      '[test] \'image\' must be a string, got 5; quote it: \'5\'',
      '[test] \'localMode\' must be true or false, got \'yes\'; use true (a boolean, not a string)',
    ].join('\n'));
    expect(calls).toEqual(['image', 'suspend', 'localMode']);
  });
});

describe('checkAll: every problem of independent checks at once', () => {
  const errorOf = (f: () => void): SparkValidationError => {
    try {
      f();
    } catch (e) {
      return e as SparkValidationError;
    }
    throw new Error('expected an error');
  };

  test('two problems: one error, a line each with the construct path, the prop, the value and the fix', () => {
    const scope = chart();
    const e = errorOf(() => checkAll(scope, [
      () => checkString(scope, 'image', 5),
      () => checkBoolean(scope, 'suspend', true),
      () => checkBoolean(scope, 'localMode', 'yes'),
    ]));
    expect(e).toBeInstanceOf(SparkValidationError);
    expect(e.prop).toBe('image');
    expect(e.message).toBe([
      '2 problems:',
      '[test] \'image\' must be a string, got 5; quote it: \'5\'',
      '[test] \'localMode\' must be true or false, got \'yes\'; use true (a boolean, not a string)',
    ].join('\n'));
  });

  test('one problem keeps its single-line message; no problem throws nothing', () => {
    const scope = chart();
    expect(errorOf(() => checkAll(scope, [() => checkString(scope, 'image', 5), () => undefined])).message)
      .toBe('[test] \'image\' must be a string, got 5; quote it: \'5\'');
    expect(() => checkAll(scope, [() => checkString(scope, 'image', 'spark:4')])).not.toThrow();
  });

  test('a crash after an earlier problem adds nothing; a crash on its own is thrown as it is', () => {
    const scope = chart();
    const crash = () => {
      throw new TypeError('x.y is not a function');
    };
    expect(errorOf(() => checkAll(scope, [() => checkString(scope, 'image', 5), crash])).message)
      .toBe('[test] \'image\' must be a string, got 5; quote it: \'5\'');
    expect(() => checkAll(scope, [crash, () => checkString(scope, 'image', 5)])).toThrow(TypeError);
  });
});

describe('runtime type checks', () => {
  test.each<[string, () => void, string]>([
    ['a missing required prop', () => checkRequired(chart(), 'schedule', undefined, 'give one'), '\'schedule\' must be set, got nothing; give one'],
    ['null for a required prop', () => checkRequired(chart(), 'schedule', null, 'give one'), '\'schedule\' must be set, got nothing; give one'],
    ['a number for a string', () => checkString(chart(), 'image', 5), '\'image\' must be a string, got 5; quote it: \'5\''],
    ['a string for a boolean', () => checkBoolean(chart(), 'suspend', 'false'), '\'suspend\' must be true or false, got \'false\'; use false (a boolean, not a string)'],
    ['a number for a boolean', () => checkBoolean(chart(), 'suspend', 1), '\'suspend\' must be true or false, got 1; use true (a boolean, not a number)'],
    // A list of anything but strings: wrapping the string would give a list of the wrong entries.
    ['a string for a list', () => checkList(chart(), 'ports', '443', '[443]'), '\'ports\' must be a list, got \'443\'; use e.g. [443]'],
    ['an object for a list', () => checkList(chart(), 'volumes', { a: 1 }, '[mount]'), '\'volumes\' must be a list, got {"a":1}; use e.g. [mount]'],
    ['a string for a list of strings', () => checkStringList(chart(), 'deps.packages', 'a:b:1'), '\'deps.packages\' must be a list of strings, got \'a:b:1\'; wrap it in a list: [\'a:b:1\']'],
    ['words for a list of strings', () => checkStringList(chart(), 'arguments', '--date 2026-11-24'),
      '\'arguments\' must be a list of strings, got \'--date 2026-11-24\'; use a list of its words: [\'--date\', \'2026-11-24\'] (or [\'--date 2026-11-24\'] for one entry holding spaces)'],
    ['an object for a list of strings', () => checkStringList(chart(), 'deps.packages', {}), '\'deps.packages\' must be a list of strings, got {}; use a list, each entry a string'],
    ['a number in a list of strings', () => checkStringList(chart(), 'hosts', ['a', 2]), '\'hosts[1]\' must be a string, got 2; quote it: \'2\''],
    ['a list for a map', () => checkMap(chart(), 'sparkConf', ['a'], '{ a: \'b\' }'), '\'sparkConf\' must be a map of strings, got [\'a\']; use e.g. { a: \'b\' }'],
    ['a string for an object', () => checkMap(chart(), 'executor', 'big', '{ instances: 2 }', 'an object'), '\'executor\' must be an object, got \'big\'; use e.g. { instances: 2 }'],
    ['a number in a map of strings', () => checkStringMap(chart(), 'resources', { cpu: 4 }), '\'resources.cpu\' must be a string, got 4; quote it: \'4\''],
    ['an enum value in another spelling', () => checkEnum(chart(), 'color', 'darkblue', Color, 'Color'), '\'color\' must be one of Color.RED, Color.DARK_BLUE, got \'darkblue\'; use Color.DARK_BLUE'],
    ['an enum member name for its value', () => checkEnum(chart(), 'color', 'RED', Color, 'Color'), '\'color\' must be one of Color.RED, Color.DARK_BLUE, got \'RED\'; use Color.RED'],
    ['an unknown enum value', () => checkEnum(chart(), 'color', 'green', Color, 'Color'), '\'color\' must be one of Color.RED, Color.DARK_BLUE, got \'green\'; use Color.RED'],
    ['a value of the wrong shape', () => checkShape(chart(), 'eventLog', 's3a://x', (v) => typeof v._problem === 'function', 'an EventLog', 'use EventLog.toUrl(...)'),
      '\'eventLog\' must be an EventLog, got \'s3a://x\'; use EventLog.toUrl(...)'],
    ['a Go duration string for a Duration', () => checkDuration(chart(), 'timeToLive', '2h'), '\'timeToLive\' must be a Duration, got \'2h\'; use Duration.hours(2)'],
    ['a number for a Duration', () => checkDuration(chart(), 'timeToLive', 3600), '\'timeToLive\' must be a Duration, got 3600; use Duration.seconds(30)'],
    ['a third of a second as whole seconds', () => wholeSeconds(chart(), 'retryInterval', Duration.seconds(1 / 3), 1, 'use Duration.seconds(5)'),
      '\'retryInterval\' must be a whole number of seconds, at least 1, got \'0.3333333333333333s\'; use Duration.seconds(5)'],
    ['a string as whole seconds', () => wholeSeconds(chart(), 'retryInterval', '5s' as any, 1, 'use Duration.seconds(5)'),
      '\'retryInterval\' must be a Duration, got \'5s\'; use Duration.seconds(5)'],
    ['a number as a name', () => checkDns1035(chart(), 'name', 5 as any, 10, 'short'), '\'name\' must be a string, got 5; quote it: \'5\''],
    ['a label map given as a string', () => checkLabels(chart(), 'labels', 'team=data' as any), '\'labels\' must be a map of strings, got \'team=data\'; use e.g. { team: \'data\' }'],
    ['an annotation map given as a list', () => checkAnnotations(chart(), 'annotations', ['a'] as any),
      '\'annotations\' must be a map of strings, got [\'a\']; use e.g. { \'example.com/owner\': \'data-team\' }'],
    ['an AWS key id as a label value', () => checkLabels(chart(), 'labels', { owner: 'AKIAIOSFODNN7EXAMPLE' }), `'labels.owner' holds an AWS access key id, ${REDACT}`],
    ['a connection string in an annotation', () => checkAnnotations(chart(), 'annotations', { 'example.com/db': 'Password=hunter2;Server=db' }),
      `'annotations.example.com/db' holds a secret connection-string field, ${REDACT}`],
  ])('fails on %s', (_what, check, message) => {
    expect(check).toThrow(`[test] ${message}`);
  });

  test('accept what they describe, and nothing at all where a value is optional', () => {
    const c = chart();
    expect(() => {
      checkString(c, 'a', 'x'); checkString(c, 'a', undefined); checkBoolean(c, 'b', false); checkList(c, 'c', [], '[]'); checkStringList(c, 'd', ['x']);
      checkMap(c, 'e', {}, '{}'); checkStringMap(c, 'f', { a: 'b' }); checkEnum(c, 'g', Color.RED, Color, 'Color'); checkDuration(c, 'h', Duration.minutes(1));
      checkLabels(c, 'labels', { team: 'data' }); checkAnnotations(c, 'annotations', { 'example.com/owner': 'Data team <data@example.com>' });
    }).not.toThrow();
    expect(durationMillis(c, 'i', Duration.seconds(1 / 3))).toBeCloseTo(333.333, 2);
  });
});

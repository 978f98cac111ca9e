import { labelSelectorProblem } from '../../../src/operator/install/_selector';

/**
 * The controller parses `--namespace-selector` with k8s.io/apimachinery
 * labels.Parse and exits at start on an error; these are the cases of its
 * grammar (selector.go) the construct must agree with.
 */
describe('labelSelectorProblem', () => {
  test.each([
    'spark=enabled', 'spark==enabled', 'spark!=disabled', 'spark', '!legacy', 'team in (etl,ml)', 'team notin (etl)', 'team in ()', 'team in (etl,,ml)',
    'tier>2', 'tier<10', 'owner=', 'example.com/spark=on', 'a=b, c in (d) ,!e', 'in in (in,notin)', 'x in (a,)', '  spark = enabled  ', '',
  ])('accepts %j', (selector) => {
    expect(labelSelectorProblem(selector)).toBeUndefined();
  });

  test.each<[string, string]>([
    [',spark', "found ',' where a label key is expected"],
    ['!', 'found the end where a label key is expected'],
    ['spark,,team', "found ',' after ',', expected a requirement"],
    ['=enabled', "found '=' where a label key is expected"],
    ['spark=a=b', "found '=', expected ',' or the end"],
    ['spark=(a)', "found '(' after 'spark=', expected a value"],
    ['team in (a) b', "found 'b', expected ',' or the end"],
    ['team in (a', "found the end after the value 'a' of 'team', expected ',' or ')'"],
    ['team in (', "found the end in the value list of 'team', expected a value, ',' or ')'"],
    ['team notin a', "expected '(' after 'notin'"],
    ['team (a)', "found '(' after the key 'team', expected '=', '!=', '==', 'in', 'notin', '>', '<', ',' or the end"],
    ['!team in (a)', "found 'in' after '!team', expected ',' or the end"],
    ['tier>', "'tier>' needs a whole number, got ''"],
    ['tier<1.5', "'tier<' needs a whole number, got '1.5'"],
    // A negative number is an integer, but no label value (labels.NewRequirement checks both).
    ['tier<-1', "the value '-1' is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"],
    [`${'k'.repeat(64)}=v`, `the key '${'k'.repeat(64)}' is not a label key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, after an optional prefix/)`],
    ['-spark=on', "the key '-spark' is not a label key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, after an optional prefix/)"],
    ['Example_Com/spark=on', "the key 'Example_Com/spark' has a prefix that is not a DNS subdomain"],
    [`spark=${'v'.repeat(64)}`, `the value '${'v'.repeat(64)}' is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`],
    ['team in (etl,-ml)', "the value '-ml' is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"],
  ])('refuses %j', (selector, reason) => {
    expect(labelSelectorProblem(selector)).toBe(reason);
  });
});

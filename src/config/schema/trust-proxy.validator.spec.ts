import { isTrustProxySetting } from './trust-proxy.validator';

describe('isTrustProxySetting', () => {
  it.each([
    false,
    1,
    3,
    ['127.0.0.1'],
    ['10.0.0.0/8', '192.168.1.4', 'fd00::/8', '::1'],
    ['loopback', 'uniquelocal'],
  ])('accepts %j', (value) => {
    expect(isTrustProxySetting(value)).toBe(true);
  });

  it.each([
    true,
    0,
    -1,
    1.5,
    [],
    ['10.0.0.0/33'],
    ['::/129'],
    ['10.0.0.0/8/1'],
    ['gateway.local'],
    ['10.0.0.0/x'],
    '10.0.0.0/8',
    [1],
    null,
  ])('refuses %j', (value) => {
    expect(isTrustProxySetting(value)).toBe(false);
  });
});

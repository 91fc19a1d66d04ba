import { redactUrl } from './redaction';

describe('redactUrl', () => {
  it.each([
    ['/api/calls?key=op-secret', '/api/calls?key=[redacted]'],
    ['/api/calls?API_KEY=s&limit=5', '/api/calls?API_KEY=[redacted]&limit=5'],
    ['/x?api-key=s', '/x?api-key=[redacted]'],
    ['/x?a=1&access_token=eyJ.x.y&b=2', '/x?a=1&access_token=[redacted]&b=2'],
    ['/cb?code=abc&state=s1', '/cb?code=[redacted]&state=s1'],
    ['/x?%74oken=t', '/x?%74oken=[redacted]'],
    ['/x?secret', '/x?secret=[redacted]'],
    ['/x?client_secret=a=b', '/x?client_secret=[redacted]'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it.each(['/api/calling', '/api/calls?limit=5&state=established', '/x?keys=1&tokenize=2', '/x?'])(
    'leaves %s as it is',
    (url) => {
      expect(redactUrl(url)).toBe(url);
    },
  );

  it('never throws on malformed escapes', () => {
    expect(redactUrl('/x?%E0%A4%A=1&token=t')).toBe('/x?%E0%A4%A=1&token=[redacted]');
  });
});

import { classify } from './classify';

describe('classify', () => {
  it.each([
    ['POST', '/v1.0/communications/calls/ABC/answer', 'answer', 'ABC', 'v1.0'],
    ['POST', '/beta/communications/calls/abc/keepAlive', 'keepAlive', 'abc', 'beta'],
    [
      'POST',
      '/v1.0/communications/calls/abc/updateRecordingStatus',
      'updateRecordingStatus',
      'abc',
      'v1.0',
    ],
    ['DELETE', '/v1.0/communications/calls/abc', 'deleteCall', 'abc', 'v1.0'],
    ['GET', '/v1.0/communications/calls/abc', 'getCall', 'abc', 'v1.0'],
    ['POST', '/v1.0/communications/calls/abc/transfer', 'graphOther', 'abc', 'v1.0'],
  ])('%s %s is %s', (method, url, endpoint, callId, version) => {
    expect(classify(method, url)).toEqual({ kind: 'graph', endpoint, callId, version });
  });

  it('recognises the AAD, key and control paths', () => {
    expect(classify('POST', '/t/oauth2/v2.0/token').endpoint).toBe('token');
    expect(classify('GET', '/t/v2.0/.well-known/openid-configuration').endpoint).toBe(
      'aadMetadata',
    );
    expect(classify('GET', '/common/discovery/instance?api-version=1.1').endpoint).toBe(
      'aadMetadata',
    );
    expect(classify('GET', '/v1/.well-known/OpenIdConfiguration').endpoint).toBe(
      'notificationKeys',
    );
    expect(classify('GET', '/v1/keys').endpoint).toBe('notificationKeys');
    expect(classify('GET', '/_emulator/calls').kind).toBe('control');
  });
});

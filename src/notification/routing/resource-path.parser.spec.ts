import { parseResourcePath } from './resource-path.parser';

describe('parseResourcePath', () => {
  const sut = parseResourcePath;

  it.each([
    ['/communications/calls/abc', { callId: 'abc', segment: 'call', subResourceId: undefined }],
    ['/communications/calls/abc/', { callId: 'abc', segment: 'call', subResourceId: undefined }],
    ['/app/calls/ABC-1_2', { callId: 'ABC-1_2', segment: 'call', subResourceId: undefined }],
    ['/Communications/Calls/abc', { callId: 'abc', segment: 'call', subResourceId: undefined }],
    [
      '/communications/calls/abc/participants',
      { callId: 'abc', segment: 'participants', subResourceId: undefined },
    ],
    [
      '/communications/calls/abc/participants/p1',
      { callId: 'abc', segment: 'participants', subResourceId: 'p1' },
    ],
    [
      '/communications/calls/abc/operations/op1',
      { callId: 'abc', segment: 'operation', subResourceId: 'op1' },
    ],
    [
      '/communications/calls/abc/contentSharingSessions/s1',
      { callId: 'abc', segment: 'contentSharingSession', subResourceId: 's1' },
    ],
    [
      '/communications/calls/abc/participantJoiningNotification',
      { callId: 'abc', segment: 'participantJoining', subResourceId: undefined },
    ],
    [
      '/communications/calls/abc/participantLeftNotification',
      { callId: 'abc', segment: 'participantLeft', subResourceId: undefined },
    ],
    [
      '/communications/calls/abc/operations',
      { callId: 'abc', segment: 'other', subResourceId: undefined },
    ],
    [
      '/communications/calls/abc/x/y/z',
      { callId: 'abc', segment: 'other', subResourceId: undefined },
    ],
  ])('reads %s', (url, path) => {
    expect(sut(url)).toEqual({ ok: true, path });
  });

  it('leaves paths that are not below a call unparsed', () => {
    expect(sut('/communications/onlineMeetings/abc')).toEqual({ ok: true, path: undefined });
    expect(sut('calls/abc')).toEqual({ ok: true, path: undefined });
  });

  it.each([
    '/communications/calls/',
    '/communications/calls/a.b',
    '/communications/calls/a b',
    '/communications/calls/a%20b',
    '/communications/calls/\u0430bc',
    '/communications/calls/abc?x=1',
    '/communications/calls/abc/operations/o:1',
    '/communications/calls/abc/contentsharingsessions/s 1',
  ])('refuses the ids of %s', (url) => {
    expect(sut(url).ok).toBe(false);
  });
});

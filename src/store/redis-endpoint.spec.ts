import { redisEndpoint, redisFailure } from './redis-endpoint';

describe('redisEndpoint', () => {
  it.each([
    ['redis://127.0.0.1:6390', '127.0.0.1:6390'],
    ['redis://redis', 'redis:6379'],
    ['rediss://:s3cret@cache.internal:6380/2', 'cache.internal:6380'],
    ['redis://user:s3cret@[::1]:7000', '[::1]:7000'],
  ])('%s is %s, without credentials', (url, endpoint) => {
    expect(redisEndpoint(url)).toBe(endpoint);
  });

  it('does not echo a value that is not a URL', () => {
    expect(redisEndpoint('s3cret')).toBe('(invalid REDIS_URL)');
  });
});

describe('redisFailure', () => {
  it("names the host instead of ioredis's retry counter", () => {
    const error = new Error('Reached the max retries per request limit (which is 1). Refer to …');
    expect(redisFailure('redis:6379', error)).toBe('Redis at redis:6379: unreachable');
  });

  it('keeps any other cause', () => {
    expect(redisFailure('redis:6379', new Error('WRONGPASS invalid password'))).toBe(
      'Redis at redis:6379: WRONGPASS invalid password',
    );
  });
});

describe('redisEndpoint of a Redis Cluster', () => {
  it('names the seed nodes, not the URL', () => {
    expect(redisEndpoint('redis://:s3cret@unused:6379', ['10.0.0.1:7000', 'redis-b:7001'])).toBe(
      'cluster 10.0.0.1:7000,redis-b:7001',
    );
  });

  it('calls a Cluster without reachable seed nodes unreachable', () => {
    const error = new Error('None of startup nodes is available');
    expect(redisFailure('cluster a:7000', error)).toBe('Redis at cluster a:7000: unreachable');
  });
});

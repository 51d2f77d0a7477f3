import { describe, expect, it } from "vitest";
import { AUTH_KEPT_MAX, AUTH_KEPT_MS, AuthCache } from "./auth-cache";

function setup(stillValid?: (v: string, now: number) => boolean) {
  const feed = { generation: 0, live: true };
  let now = 1_000;
  const cache = new AuthCache<string>(feed, stillValid, () => now);
  let loads = 0;
  const load = (value: string | null = "row") => () => {
    loads++;
    return Promise.resolve(value);
  };
  return { feed, cache, load, loads: () => loads, advance: (ms: number) => (now += ms) };
}

describe("callers kept between requests", () => {
  it("reads a caller once while nothing changes", async () => {
    const s = setup();
    expect(await s.cache.read("a", s.load())).toBe("row");
    expect(await s.cache.read("a", s.load())).toBe("row");
    expect(s.loads()).toBe(1);
    expect([s.cache.hits, s.cache.misses]).toEqual([1, 1]);
  });

  it("reads again after any change is heard", async () => {
    const s = setup();
    await s.cache.read("a", s.load());
    s.feed.generation++;
    expect(await s.cache.read("a", s.load("changed"))).toBe("changed");
    expect(s.loads()).toBe(2);
  });

  it("does not keep a read during which a change was heard (it may have begun before the change)", async () => {
    const s = setup();
    let answer!: (v: string) => void;
    const early = s.cache.read("a", () => new Promise<string>((resolve) => (answer = resolve)));
    s.feed.generation++; // heard while the early read was under way
    expect(await s.cache.read("a", s.load("new"))).toBe("new"); // a later read, begun after the change
    answer("old");
    expect(await early).toBe("old");
    expect(await s.cache.read("a", s.load("newer"))).toBe("new");
    expect(s.loads()).toBe(1);
  });

  it("keeps nothing while changes could go unheard", async () => {
    const s = setup();
    s.feed.live = false;
    await s.cache.read("a", s.load());
    await s.cache.read("a", s.load());
    expect(s.loads()).toBe(2);
    // and what was kept before the feed went quiet is not answered while it is
    s.feed.live = true;
    await s.cache.read("a", s.load());
    s.feed.live = false;
    await s.cache.read("a", s.load());
    expect(s.loads()).toBe(4);
  });

  it("does not keep unknown secrets", async () => {
    const s = setup();
    expect(await s.cache.read("guess", s.load(null))).toBeNull();
    expect(await s.cache.read("guess", s.load(null))).toBeNull();
    expect(s.loads()).toBe(2);
  });

  it("gives a caller up when it expires, and after the longest keeping", async () => {
    let expired = false;
    const s = setup(() => !expired);
    await s.cache.read("a", s.load());
    expired = true;
    await s.cache.read("a", s.load());
    expect(s.loads()).toBe(2);
    expired = false;
    await s.cache.read("b", s.load());
    s.advance(AUTH_KEPT_MS - 1);
    await s.cache.read("b", s.load());
    expect(s.loads()).toBe(3);
    s.advance(1);
    await s.cache.read("b", s.load());
    expect(s.loads()).toBe(4);
  });

  it(`keeps at most ${AUTH_KEPT_MAX} callers, forgetting the longest kept first`, async () => {
    const s = setup();
    for (let i = 0; i <= AUTH_KEPT_MAX; i++) await s.cache.read(`k${i}`, s.load());
    expect(s.loads()).toBe(AUTH_KEPT_MAX + 1);
    await s.cache.read(`k${AUTH_KEPT_MAX}`, s.load());
    expect(s.loads()).toBe(AUTH_KEPT_MAX + 1);
    await s.cache.read("k0", s.load());
    expect(s.loads()).toBe(AUTH_KEPT_MAX + 2);
  });
});

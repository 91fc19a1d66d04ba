import './styles.css';
import { CallFeed, type FeedStatus } from './live/call-feed';
import { LiveView } from './live/live-view';
import { drawUplot } from './overview/uplot-chart';
import { OverviewPage } from './overview/overview-view';
import { Api, UnauthorizedError } from './shell/api';
import { h, replace } from './shell/dom';
import { keyGate } from './shell/key-gate';
import { sessionKeyStore } from './shell/key-store';
import { CallPage } from './timeline/call-page';

const REFUSED = 'The key was refused (401 from the operator API). Check it and try again.';

type Route = { page: 'live' } | { page: 'overview' } | { page: 'call'; id: string };

function routeOf(hash: string): Route {
  const call = /^#\/calls\/([A-Za-z0-9_-]{1,128})$/.exec(hash);
  if (call) return { page: 'call', id: call[1] };
  if (hash === '#/overview') return { page: 'overview' };
  return { page: 'live' };
}

/** The console: the key first, then the live table, a call's page, or the overview. */
class ConsoleApp {
  private readonly keys = sessionKeyStore();
  private readonly api = new Api(this.keys);
  private readonly main = h('main', { attrs: { id: 'main', tabindex: -1 } });
  private readonly feedStatus = h('span', { class: 'feed-status', attrs: { role: 'status' } });
  private readonly nav = h('nav', { attrs: { 'aria-label': 'Console' } });
  private feed: CallFeed | undefined;
  private live: LiveView | undefined;
  private callPage: CallPage | undefined;
  private overview: OverviewPage | undefined;

  constructor(root: HTMLElement) {
    replace(
      root,
      h(
        'header',
        { class: 'top' },
        h('h1', null, 'Switchboard console'),
        this.nav,
        this.feedStatus,
      ),
      this.main,
    );
    window.addEventListener('hashchange', () => this.show());
  }

  start(): void {
    if (this.keys.get()) this.enter();
    else this.askForKey(null);
  }

  private askForKey(reason: string | null): void {
    this.feed?.stop();
    this.live?.stop();
    this.feed = undefined;
    this.live = undefined;
    this.keys.clear();
    replace(this.nav);
    this.feedStatus.textContent = '';
    replace(
      this.main,
      keyGate(async (key) => {
        this.keys.set(key);
        try {
          await this.api.calls(1);
          this.enter();
          return null;
        } catch (error) {
          this.keys.clear();
          return error instanceof UnauthorizedError
            ? REFUSED
            : `The service could not be reached: ${String(error)}`;
        }
      }, reason),
    );
  }

  private readonly unauthorized = (): void => this.askForKey(REFUSED);

  private enter(): void {
    replace(
      this.nav,
      h('a', { attrs: { href: '#/live' } }, 'Live calls'),
      h('a', { attrs: { href: '#/overview' } }, 'Overview'),
      h(
        'button',
        { attrs: { type: 'button' }, on: { click: () => this.askForKey(null) } },
        'Forget key',
      ),
    );
    this.live = new LiveView((id) => (location.hash = `#/calls/${id}`));
    this.feed = new CallFeed(this.api, (s) => this.onFeedStatus(s), this.unauthorized);
    this.feed.subscribe((event) => {
      this.live?.onEvent(event);
      this.callPage?.onEvent(event);
    });
    this.feed.start();
    this.live.start();
    this.api.calls().then(
      (calls) => this.live?.load(calls),
      (error: unknown) => error instanceof UnauthorizedError && this.unauthorized(),
    );
    this.show();
  }

  private onFeedStatus(status: FeedStatus): void {
    this.feedStatus.textContent = {
      connecting: 'Connecting…',
      live: 'Live',
      reconnecting: 'Reconnecting…',
    }[status];
    this.feedStatus.dataset.status = status;
  }

  private show(): void {
    if (!this.live) return;
    this.callPage?.dispose();
    this.callPage = undefined;
    this.overview?.dispose();
    this.overview = undefined;
    const route = routeOf(location.hash);
    for (const link of this.nav.querySelectorAll('a')) {
      const current = link.getAttribute('href') === `#/${route.page}`;
      if (current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (route.page === 'call') {
      this.callPage = new CallPage(
        this.api,
        route.id,
        this.unauthorized,
        () => (location.hash = '#/live'),
      );
      replace(this.main, this.callPage.element);
      void this.callPage.load();
    } else if (route.page === 'overview') {
      this.overview = new OverviewPage(this.api, drawUplot, this.unauthorized);
      replace(this.main, this.overview.element);
      void this.overview.load();
    } else {
      replace(this.main, this.live.element);
    }
    this.main.focus();
  }
}

new ConsoleApp(document.getElementById('app') as HTMLElement).start();

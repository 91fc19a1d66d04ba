export { CONSOLE_ASSETS_DIR, CONSOLE_PATH, serveConsole } from './console-assets';

import type { DeliveryContext } from '../routed-notification';

/**
 * Deliveries that passed the `onRequest` gate, keyed by their request object: the guard and the
 * `@Delivery()` parameter read from here. A WeakMap rather than a property on the request, so
 * that nothing else can forge the mark and entries go with their requests.
 */
const verified = new WeakMap<object, DeliveryContext>();

export function rememberDelivery(request: object, context: DeliveryContext): void {
  verified.set(request, context);
}

export function deliveryOf(request: object): DeliveryContext | undefined {
  return verified.get(request);
}

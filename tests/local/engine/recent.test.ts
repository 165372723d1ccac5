import { RecentMap } from '../../../local/engine/recent';

test('a RecentMap keeps its capacity and forgets the least recently used entry first', () => {
  const map = new RecentMap<number>(2);
  map.set('a', 1);
  map.set('b', 2);
  expect(map.get('a')).toBe(1); // a is now the most recently used
  map.set('c', 3);
  expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([1, undefined, 3]);
  map.set('a', 10);
  expect(map.get('a')).toBe(10);
});

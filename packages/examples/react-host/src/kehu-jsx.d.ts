/**
 * Kehu's elements in React's JSX: the intrinsic elements come from the declarations generated
 * from the custom-elements manifest (`@kehu/components/jsx`), so attributes, properties and the
 * `onkehu-…` event props are checked against the components' own types.
 */
import type { CustomElements } from '@kehu/components/jsx';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}

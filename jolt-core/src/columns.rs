//! The column registry: a set of committed columns is declared once, with
//! [`column_set!`], and everything that walks it is generated from that
//! declaration.
//!
//! ```text
//! column_set! {
//!     /// The R1CS's own columns.
//!     pub struct AuxColumns<P> {
//!         /// The lookup's second operand.
//!         y,
//!         /// Slot `s`'s read timestamp.
//!         read_ts: [SLOTS],
//!     }
//! }
//! ```
//!
//! declares `AuxColumns<P>` (a field of type `P`, or `[P; N]` for `[N]`),
//! generic over what stands for a column (a polynomial, a commitment, an
//! evaluation, a name), and generates, in declaration order:
//!
//! - `COUNT`: the number of columns (arrays count each entry);
//! - `INDEX`: an `AuxColumns<usize>` holding each column's position, so
//!   `AuxColumns::INDEX.read_ts[2]` replaces a hand-numbered constant;
//! - `to_vec`, `to_vec_mut`, `from_vec` (the inverse, `None` on a wrong
//!   length) and `map`: the one order of commitments and evaluations;
//! - `column_names()`: `"y"`, `"read_ts[0]"`, ... for errors and the
//!   fault-injection list.
//!
//! Adding a column is one line here plus its witness and its constraints;
//! its position, name, commitment and evaluation follow.

/// Declares a set of columns and generates its order, positions and names
/// (see the module docs).
macro_rules! column_set {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident<P> {
            $( $(#[$fmeta:meta])* $field:ident $( : [$len:expr] )? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name<P> {
            $( $(#[$fmeta])* pub $field: $crate::columns::column_set!(@ty P $(, $len)?), )*
        }

        impl<P> $name<P> {
            /// Number of columns (each array entry counts).
            pub const COUNT: usize = 0 $( + $crate::columns::column_set!(@count $($len)?) )*;

            /// Every column, in declaration order.
            pub fn to_vec(&self) -> Vec<&P> {
                let mut v = Vec::with_capacity(Self::COUNT);
                $( $crate::columns::column_set!(@push v, self.$field $(, $len)?); )*
                v
            }

            /// Every column, mutably, in declaration order.
            pub fn to_vec_mut(&mut self) -> Vec<&mut P> {
                let mut v = Vec::with_capacity(Self::COUNT);
                $( $crate::columns::column_set!(@push_mut v, self.$field $(, $len)?); )*
                v
            }

            /// The inverse of [`Self::to_vec`]; `None` if `items` has the
            /// wrong length.
            pub fn from_vec(items: Vec<P>) -> Option<Self> {
                if items.len() != Self::COUNT {
                    return None;
                }
                let mut it = items.into_iter();
                Some(Self {
                    $( $field: $crate::columns::column_set!(@take it $(, $len)?), )*
                })
            }

            /// The same columns, each mapped by `f`.
            pub fn map<'a, Q>(&'a self, f: impl Fn(&'a P) -> Q) -> $name<Q> {
                $name {
                    $( $field: $crate::columns::column_set!(@map f, self.$field $(, $len)?), )*
                }
            }

            /// Each column's name, in declaration order (`field` or
            /// `field[k]`).
            pub fn column_names() -> Vec<String> {
                let mut v = Vec::with_capacity(Self::COUNT);
                $( $crate::columns::column_set!(@names v, stringify!($field) $(, $len)?); )*
                v
            }
        }

        // (derive cannot see through the field types' macro)
        impl<P: Clone> Clone for $name<P> {
            fn clone(&self) -> Self {
                self.map(P::clone)
            }
        }

        impl<P: PartialEq> PartialEq for $name<P> {
            fn eq(&self, other: &Self) -> bool {
                self.to_vec() == other.to_vec()
            }
        }

        impl<P: ::std::fmt::Debug> ::std::fmt::Debug for $name<P> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $( .field(stringify!($field), &self.$field) )*
                    .finish()
            }
        }

        impl $name<usize> {
            /// Each column's position in [`Self::to_vec`].
            pub const INDEX: Self = {
                let mut next = 0usize;
                $( let $field = $crate::columns::column_set!(@index next $(, $len)?); )*
                let _ = next;
                Self { $( $field, )* }
            };
        }
    };

    (@ty $p:ident) => { $p };
    (@ty $p:ident, $len:expr) => { [$p; $len] };
    (@count) => { 1 };
    (@count $len:expr) => { $len };
    (@push $v:ident, $e:expr) => { $v.push(&$e) };
    (@push $v:ident, $e:expr, $len:expr) => { $v.extend($e.iter()) };
    (@push_mut $v:ident, $e:expr) => { $v.push(&mut $e) };
    (@push_mut $v:ident, $e:expr, $len:expr) => { $v.extend($e.iter_mut()) };
    (@take $it:ident) => { $it.next().expect("length checked") };
    (@take $it:ident, $len:expr) => {
        ::std::array::from_fn(|_| $it.next().expect("length checked"))
    };
    (@map $f:ident, $e:expr) => { $f(&$e) };
    (@map $f:ident, $e:expr, $len:expr) => {{
        let all = &$e;
        ::std::array::from_fn(|k| $f(&all[k]))
    }};
    (@names $v:ident, $n:expr) => { $v.push(String::from($n)) };
    (@names $v:ident, $n:expr, $len:expr) => {
        $v.extend((0..$len).map(|k| format!("{}[{k}]", $n)))
    };
    (@index $next:ident) => {{
        let i = $next;
        $next += 1;
        i
    }};
    (@index $next:ident, $len:expr) => {{
        let mut a = [0usize; $len];
        let mut k = 0;
        while k < $len {
            a[k] = $next + k;
            k += 1;
        }
        $next += $len;
        a
    }};
}

pub(crate) use column_set;

#[cfg(test)]
mod tests {
    column_set! {
        /// A test set.
        pub struct Sample<P> {
            a,
            /// An array.
            b: [3],
            c,
        }
    }

    #[test]
    fn the_generated_order_positions_and_names_agree() {
        assert_eq!(Sample::<()>::COUNT, 5);
        let s = Sample {
            a: 10,
            b: [11, 12, 13],
            c: 14,
        };
        assert_eq!(s.to_vec(), [&10, &11, &12, &13, &14]);
        assert_eq!(Sample::from_vec(vec![10, 11, 12, 13, 14]), Some(s.clone()));
        assert_eq!(Sample::<u8>::from_vec(vec![1, 2]), None);
        assert_eq!(s.map(|x| x * 2).to_vec(), [&20, &22, &24, &26, &28]);
        let idx = Sample::INDEX;
        assert_eq!((idx.a, idx.b, idx.c), (0, [1, 2, 3], 4));
        for (i, v) in s.to_vec().into_iter().enumerate() {
            assert_eq!(*v, 10 + i, "INDEX and to_vec agree");
        }
        assert_eq!(
            Sample::<()>::column_names(),
            ["a", "b[0]", "b[1]", "b[2]", "c"]
        );
        let mut m = s;
        *m.to_vec_mut()[2] = 99;
        assert_eq!(m.b[1], 99);
    }
}

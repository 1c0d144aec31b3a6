//! Named columns: `columns!` declares a component's main-trace columns once, as a struct whose
//! field order is the column order, for both the trace writer and the constraint reader.

/// Declares `struct Name<T> { field: T, … }` with `WIDTH`, `read` (pull the columns in order
/// from a closure, as constraints do) and `to_vec` (the row in column order, as traces do).
macro_rules! columns {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($(#[$fmeta:meta])* $field:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        $vis struct $name<T> {
            $($(#[$fmeta])* pub $field: T,)*
        }

        #[allow(dead_code)]
        impl<T: Clone> $name<T> {
            /// Number of columns.
            pub const WIDTH: usize = [$(stringify!($field)),*].len();

            /// Reads the columns in declaration order.
            pub fn read(mut next: impl FnMut() -> T) -> Self {
                $name { $($field: next(),)* }
            }

            /// The columns in declaration order.
            pub fn to_vec(&self) -> Vec<T> {
                vec![$(self.$field.clone(),)*]
            }

            /// The column names in declaration order.
            pub fn names() -> &'static [&'static str] {
                &[$(stringify!($field)),*]
            }
        }
    };
}

pub(crate) use columns;

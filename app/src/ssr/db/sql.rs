//! SQL assembled from optional parts (listing filters) with numbered `$n` placeholders,
//! which both SQLite and PostgreSQL accept through sqlx's `Any` driver. Values are always
//! bound, never pasted into the text.
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};

#[derive(Default)]
pub struct Sql {
    pub text: String,
    pub args: AnyArguments<'static>,
    count: usize,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            ..Self::default()
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind<T>(&mut self, value: T) -> Result<&mut Self, sqlx::Error>
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        self.args.add(value).map_err(sqlx::Error::Encode)?;
        self.count += 1;
        self.text.push_str(&format!("${}", self.count));
        Ok(self)
    }

    /// Appends `(p1, p2, ...)` for a list of values.
    pub fn bind_list(&mut self, values: &[String]) -> Result<&mut Self, sqlx::Error> {
        self.text.push('(');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(value.clone())?;
        }
        self.text.push(')');
        Ok(self)
    }
}

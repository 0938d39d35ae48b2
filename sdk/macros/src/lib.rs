//! `#[provable]`: turns an ordinary Rust function of a guest crate into a
//! guest program and, on the host, into functions that build, prove,
//! verify and analyse it.
//!
//! ```text
//! #[jolt_sdk_macros::provable(max_log_cycles = 18)]
//! pub fn fib(n: u32) -> u64 { .. }
//! ```
//!
//! Compiled for the guest (`target_arch = "riscv32"`), the crate gets the
//! program entry: the input region holds the arguments as one postcard
//! tuple, the result goes to the output region, postcard-encoded. Compiled
//! for the host, it gets
//!
//! - `build_fib() -> Result<&'static Guest, ProvableError>`: compiles the
//!   guest crate and preprocesses it (cached: once per process, and on disk
//!   by content hash);
//! - `prove_fib(n) -> Result<(u64, Proof), ProvableError>` (a guest panic is
//!   `ProvableError::Panicked`, with its proof);
//! - `verify_fib(n, output, &proof) -> Result<(), ProvableError>`;
//! - `analyze_fib(n) -> Result<Analysis, ProvableError>` (trace only).
//!
//! Options: `max_log_cycles`, `ram_size`, `stack_size`, `max_input`,
//! `max_output` (integers). One `#[provable]` function per guest crate.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{format_ident, quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, FnArg, ItemFn, Lit, Meta, Pat, ReturnType, Token, Type};

#[proc_macro_attribute]
pub fn provable(attr: TokenStream, item: TokenStream) -> TokenStream {
    let attr: TokenStream2 = attr.into();
    let checked = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => check_guest_crate(std::path::Path::new(&dir))
            .map_err(|msg| syn::Error::new(attr.span(), msg)),
        None => Ok(()),
    };
    checked
        .and_then(|()| expand(attr, item.into()))
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Whether a manifest names the dependency `name` (as `name = ..`,
/// `name.workspace = ..` or `package = "name"`), not merely a crate whose
/// name starts with it.
fn depends_on(manifest: &str, name: &str) -> bool {
    manifest.lines().any(|line| {
        let line = line.trim_start();
        let after = line.strip_prefix(name).map(str::trim_start);
        matches!(after, Some(rest) if rest.starts_with('=') || rest.starts_with('.'))
            || line.contains(&format!("package = \"{name}\""))
    })
}

/// A `#[provable]` function lives in a guest crate: a library (the
/// function, also compiled for the host) plus a binary that links it for
/// RV32IM, depending on `jolt-guest` for the guest and `jolt-sdk` for the
/// host. Without them the generated code fails far from the user's
/// mistake, so the attribute says what is missing.
fn check_guest_crate(dir: &std::path::Path) -> Result<(), String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    let fix = "see the book's \"Getting started\" page, or copy examples/fibonacci/provable";
    let missing: Vec<&str> = [
        ("jolt-guest", "`jolt-guest` (features = [\"provable\"]) under [target.'cfg(target_arch = \"riscv32\")'.dependencies]"),
        ("jolt-sdk", "`jolt-sdk` under [target.'cfg(not(target_arch = \"riscv32\"))'.dependencies]"),
    ]
    .into_iter()
    .filter(|(name, _)| !depends_on(&manifest, name))
    .map(|(_, what)| what)
    .collect();
    if !missing.is_empty() {
        return Err(format!(
            "#[provable] needs a guest crate: its Cargo.toml must depend on {}; {fix}",
            missing.join(" and ")
        ));
    }
    if !dir.join("src/main.rs").is_file() {
        return Err(format!(
            "#[provable] needs a guest crate with a binary: add src/main.rs that links this \
             library into the guest program (`use <crate> as _;` under cfg(target_arch = \"riscv32\")); {fix}"
        ));
    }
    Ok(())
}

/// The options the attribute accepts, with their meaning for the error
/// message.
const OPTIONS: [&str; 5] = [
    "max_log_cycles",
    "ram_size",
    "stack_size",
    "max_input",
    "max_output",
];

/// The expansion, separate from the proc-macro entry so tests can call it.
fn expand(attr: TokenStream2, item: TokenStream2) -> syn::Result<TokenStream2> {
    let options = parse_options(attr)?;
    let func: ItemFn = syn::parse2(item).map_err(|e| {
        syn::Error::new(
            e.span(),
            "#[provable] goes on a function: `#[provable] fn name(args..) -> Output { .. }`",
        )
    })?;
    check_signature(&func)?;

    let name = &func.sig.ident;
    let mut arg_names = Vec::new();
    let mut arg_types = Vec::new();
    for (i, arg) in func.sig.inputs.iter().enumerate() {
        let FnArg::Typed(pt) = arg else {
            unreachable!("receivers are refused by check_signature")
        };
        arg_names.push(match &*pt.pat {
            Pat::Ident(p) => p.ident.clone(),
            _ => format_ident!("__jolt_arg{i}"),
        });
        arg_types.push((*pt.ty).clone());
    }
    let output: Type = match &func.sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };

    // Every argument and the result must travel through postcard: the
    // bound is checked at each type's own span, so the error points at the
    // user's type.
    let bounds = arg_types.iter().chain(std::iter::once(&output)).map(|ty| {
        quote_spanned! {ty.span()=>
            #[cfg(not(target_arch = "riscv32"))]
            const _: () = {
                fn __jolt_must_be_serde<T: ::jolt_sdk::serde::Serialize + ::jolt_sdk::serde::de::DeserializeOwned>() {}
                fn __jolt_check() { __jolt_must_be_serde::<#ty>(); }
            };
        }
    });

    let build = format_ident!("build_{name}");
    let prove = format_ident!("prove_{name}");
    let verify = format_ident!("verify_{name}");
    let analyze = format_ident!("analyze_{name}");
    let opt = |key: &str| -> TokenStream2 {
        match options.iter().find(|(k, _)| k == key) {
            Some((_, v)) => quote!(::core::option::Option::Some(#v)),
            None => quote!(::core::option::Option::None),
        }
    };
    let (max_log_cycles, ram_size, stack_size, max_input, max_output) = (
        opt("max_log_cycles"),
        opt("ram_size"),
        opt("stack_size"),
        opt("max_input"),
        opt("max_output"),
    );
    let name_str = name.to_string();

    Ok(quote! {
        #func

        #(#bounds)*

        #[cfg(target_arch = "riscv32")]
        #[doc(hidden)]
        #[no_mangle]
        pub fn __jolt_main() {
            let (#(#arg_names,)*): (#(#arg_types,)*) = ::jolt_guest::provable::read_arguments();
            let __jolt_result: #output = #name(#(#arg_names),*);
            ::jolt_guest::provable::write_result(&__jolt_result);
        }

        /// Compiles and preprocesses the guest (once per process; cached on
        /// disk by content hash).
        #[cfg(not(target_arch = "riscv32"))]
        pub fn #build() -> ::core::result::Result<&'static ::jolt_sdk::provable::Guest, ::jolt_sdk::provable::ProvableError> {
            static GUEST: ::std::sync::OnceLock<::jolt_sdk::provable::Guest> = ::std::sync::OnceLock::new();
            ::jolt_sdk::provable::Guest::build_once(
                &GUEST,
                #name_str,
                ::core::env!("CARGO_MANIFEST_DIR"),
                ::jolt_sdk::provable::Options {
                    max_log_cycles: #max_log_cycles,
                    ram_size: #ram_size,
                    stack_size: #stack_size,
                    max_input: #max_input,
                    max_output: #max_output,
                },
            )
        }

        /// Runs the guest on these arguments and proves the run: the result
        /// and its proof.
        #[cfg(not(target_arch = "riscv32"))]
        pub fn #prove(#(#arg_names: #arg_types),*) -> ::core::result::Result<(#output, ::jolt_sdk::proof::Proof), ::jolt_sdk::provable::ProvableError> {
            let guest = #build()?;
            let input = ::jolt_sdk::provable::encode(&(#(#arg_names,)*))?;
            let (output, proof) = guest.prove(&input)?;
            ::core::result::Result::Ok((::jolt_sdk::provable::decode::<#output>(&output)?, proof))
        }

        /// Checks that `proof` shows the guest returning `output` on these
        /// arguments.
        #[cfg(not(target_arch = "riscv32"))]
        pub fn #verify(#(#arg_names: #arg_types,)* output: #output, proof: &::jolt_sdk::proof::Proof) -> ::core::result::Result<(), ::jolt_sdk::provable::ProvableError> {
            let guest = #build()?;
            let input = ::jolt_sdk::provable::encode(&(#(#arg_names,)*))?;
            guest.verify(&input, &::jolt_sdk::provable::encode(&output)?, false, proof)
        }

        /// Runs the guest on these arguments without proving: cycles, the
        /// share of virtual instructions and the instruction histogram.
        #[cfg(not(target_arch = "riscv32"))]
        pub fn #analyze(#(#arg_names: #arg_types),*) -> ::core::result::Result<::jolt_sdk::provable::Analysis, ::jolt_sdk::provable::ProvableError> {
            let guest = #build()?;
            guest.analyze(&::jolt_sdk::provable::encode(&(#(#arg_names,)*))?)
        }
    })
}

/// `key = integer, ..`.
fn parse_options(attr: TokenStream2) -> syn::Result<Vec<(String, u64)>> {
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr)?;
    let mut out: Vec<(String, u64)> = Vec::new();
    for meta in metas {
        let unknown = || {
            syn::Error::new(
                meta.span(),
                format!(
                    "unknown #[provable] option; the options are {} (each `= <integer>`)",
                    OPTIONS.join(", ")
                ),
            )
        };
        let Meta::NameValue(nv) = &meta else {
            return Err(unknown());
        };
        let key = nv
            .path
            .get_ident()
            .map(|i| i.to_string())
            .filter(|k| OPTIONS.contains(&k.as_str()))
            .ok_or_else(unknown)?;
        let value = match &nv.value {
            Expr::Lit(l) => match &l.lit {
                Lit::Int(i) => i.base10_parse::<u64>()?,
                _ => return Err(syn::Error::new(nv.value.span(), "expected an integer")),
            },
            _ => return Err(syn::Error::new(nv.value.span(), "expected an integer")),
        };
        if out.iter().any(|(k, _)| *k == key) {
            return Err(syn::Error::new(meta.span(), format!("`{key}` given twice")));
        }
        out.push((key, value));
    }
    Ok(out)
}

/// Refuses what a guest entry cannot be: each error points at the part of
/// the signature and says what to do.
fn check_signature(func: &ItemFn) -> syn::Result<()> {
    let sig = &func.sig;
    if let Some(a) = &sig.asyncness {
        return Err(syn::Error::new(
            a.span(),
            "#[provable] functions cannot be `async`: a guest runs to completion; make it a plain `fn`",
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            sig.generics.span(),
            "#[provable] functions cannot be generic: the guest is one compiled program; use concrete argument types",
        ));
    }
    if let Some(u) = &sig.unsafety {
        return Err(syn::Error::new(
            u.span(),
            "#[provable] functions cannot be `unsafe`",
        ));
    }
    if let Some(v) = &sig.variadic {
        return Err(syn::Error::new(
            v.span(),
            "#[provable] functions cannot be variadic",
        ));
    }
    for arg in &sig.inputs {
        match arg {
            FnArg::Receiver(r) => {
                return Err(syn::Error::new(
                    r.span(),
                    "#[provable] functions cannot take `self`: make it a free function",
                ))
            }
            FnArg::Typed(pt) => {
                if let Type::Reference(r) = &*pt.ty {
                    return Err(syn::Error::new(
                        r.span(),
                        "#[provable] arguments are decoded from the input: take them by value (an owned type such as `Vec<u8>` or `String`), not by reference",
                    ));
                }
                if let Type::ImplTrait(t) = &*pt.ty {
                    return Err(syn::Error::new(
                        t.span(),
                        "#[provable] functions cannot be generic (`impl Trait` argument): use a concrete type",
                    ));
                }
            }
        }
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        if let Type::ImplTrait(t) = &**ty {
            return Err(syn::Error::new(
                t.span(),
                "#[provable] functions must return a concrete serde type, not `impl Trait`",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(attr: &str, item: &str) -> String {
        expand(attr.parse().unwrap(), item.parse().unwrap())
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn misuse_is_an_error_saying_what_to_do() {
        for (attr, item, needle) in [
            ("", "async fn f(x: u32) -> u32 { x }", "cannot be `async`"),
            ("", "fn f<T>(x: T) -> u32 { 0 }", "cannot be generic"),
            (
                "",
                "fn f(x: u32) -> u32 where u32: Copy { x }",
                "cannot be generic",
            ),
            ("", "fn f(x: impl Copy) -> u32 { 0 }", "cannot be generic"),
            ("", "fn f(x: &[u8]) -> u32 { 0 }", "take them by value"),
            ("", "fn f(&self) -> u32 { 0 }", "cannot take `self`"),
            ("", "fn f() -> impl Copy { 0 }", "not `impl Trait`"),
            ("", "unsafe fn f() {}", "cannot be `unsafe`"),
            ("", "struct S;", "goes on a function"),
            ("ram = 5", "fn f() {}", "unknown #[provable] option"),
            ("max_input", "fn f() {}", "unknown #[provable] option"),
            ("max_input = \"big\"", "fn f() {}", "expected an integer"),
            ("max_input = 1, max_input = 2", "fn f() {}", "given twice"),
        ] {
            let e = error(attr, item);
            assert!(e.contains(needle), "{item}: {e:?} should say {needle:?}");
        }
    }

    #[test]
    fn a_crate_that_is_not_a_guest_crate_is_told_what_to_add() {
        let dir = std::env::temp_dir().join(format!("provable-check-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let manifest = |text: &str| std::fs::write(dir.join("Cargo.toml"), text).unwrap();
        manifest("[dependencies]\nserde = \"1\"\njolt-sdk-macros = {}\n");
        let e = check_guest_crate(&dir).unwrap_err();
        assert!(
            e.contains("`jolt-guest`") && e.contains("`jolt-sdk`"),
            "{e}"
        );
        manifest("[dependencies]\njolt-guest = {}\n");
        let e = check_guest_crate(&dir).unwrap_err();
        assert!(
            !e.contains("`jolt-guest`") && e.contains("`jolt-sdk`"),
            "{e}"
        );
        manifest("[dependencies]\njolt-guest = {}\njolt-sdk = {}\n");
        assert!(check_guest_crate(&dir).unwrap_err().contains("src/main.rs"));
        std::fs::write(dir.join("src/main.rs"), "").unwrap();
        assert_eq!(check_guest_crate(&dir), Ok(()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn well_formed_functions_expand_with_every_host_function() {
        for item in [
            "fn f() {}",
            "pub fn f(a: u32, b: Vec<u8>) -> (u64, String) { (0, String::new()) }",
            "fn f((a, b): (u32, u32)) -> u32 { a + b }",
        ] {
            let out = expand(
                "max_log_cycles = 16, max_input = 8192".parse().unwrap(),
                item.parse().unwrap(),
            )
            .unwrap()
            .to_string();
            for f in [
                "build_f",
                "prove_f",
                "verify_f",
                "analyze_f",
                "__jolt_main",
                "read_arguments",
            ] {
                assert!(out.contains(f), "{item}: no {f} in {out}");
            }
            assert!(out.contains("Some (8192u64)"), "{out}");
        }
    }
}

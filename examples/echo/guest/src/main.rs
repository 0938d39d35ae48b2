//! Echo: outputs the input reversed, with ASCII lowercase letters turned to
//! uppercase.
#![no_std]
#![no_main]

jolt_guest::entry!(main);

fn main() {
    let input = jolt_guest::input();
    let mut out = jolt_guest::Vec::with_capacity(input.len());
    for &b in input.iter().rev() {
        out.push(b.to_ascii_uppercase());
    }
    jolt_guest::write_output(&out);
}

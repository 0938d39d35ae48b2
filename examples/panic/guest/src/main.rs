//! A deliberate panic: writes "before", then panics when the first input
//! byte is 1; otherwise writes "ok" and halts normally. Prints what it
//! does on the debug port (not part of the output).
#![no_std]
#![no_main]

jolt_guest::entry!(main);

fn main() {
    let input = jolt_guest::input();
    if input.first() == Some(&1) {
        jolt_guest::write_output(b"before");
        panic!("deliberate panic");
    }
    jolt_guest::write_output(b"ok");
    jolt_guest::println!("guest: halting normally after {} input bytes", input.len());
}

mod common;

use common::{encode, random_instruction, Rng};
use instructions::{decode, DecodeErrorReason, Instruction, Opcode, ALL_OPCODES};

#[test]
fn round_trips_every_form_against_an_independent_encoder() {
    let mut rng = Rng::new(1);
    for op in ALL_OPCODES.iter().copied().filter(|op| !op.is_virtual()) {
        for _ in 0..2000 {
            let ins = random_instruction(op, &mut rng);
            let word = encode(&ins);
            assert_eq!(decode(word), Ok(ins), "{ins} encoded as {word:#010x}");
        }
    }
}

#[test]
fn immediate_extremes_are_sign_extended() {
    use Opcode::*;
    let cases = [
        Instruction::new(Addi, 1, 2, 0, -2048),
        Instruction::new(Addi, 1, 2, 0, 2047),
        Instruction::new(Sw, 0, 2, 3, -2048),
        Instruction::new(Sw, 0, 2, 3, 2047),
        Instruction::new(Beq, 0, 2, 3, -4096),
        Instruction::new(Beq, 0, 2, 3, 4094),
        Instruction::new(Jal, 1, 0, 0, -(1 << 20)),
        Instruction::new(Jal, 1, 0, 0, (1 << 20) - 2),
        Instruction::new(Lui, 1, 0, 0, i32::MIN),
        Instruction::new(Auipc, 1, 0, 0, 0x7fff_f000),
        Instruction::new(Srai, 1, 2, 0, 31),
    ];
    for ins in cases {
        assert_eq!(decode(encode(&ins)), Ok(ins), "{ins}");
    }
}

#[test]
fn known_words_from_an_assembler() {
    use Opcode::*;
    let known = [
        (0x0000_0013, Instruction::new(Addi, 0, 0, 0, 0)), // nop
        (0xfff0_0093, Instruction::new(Addi, 1, 0, 0, -1)), // li ra, -1
        (0x1234_52b7, Instruction::new(Lui, 5, 0, 0, 0x1234_5000)),
        (0x00a0_0533, Instruction::new(Add, 10, 0, 10, 0)),
        (0x4000_5093, Instruction::new(Srai, 1, 0, 0, 0)),
        (0x02b5_0533, Instruction::new(Mul, 10, 10, 11, 0)),
        (0x02b5_4533, Instruction::new(Div, 10, 10, 11, 0)),
        (0x0000_8067, Instruction::new(Jalr, 0, 1, 0, 0)), // ret
        (0xfe00_0ee3, Instruction::new(Beq, 0, 0, 0, -4)),
        (0x0000_0073, Instruction::new(Ecall, 0, 0, 0, 0)),
        (0x0010_0073, Instruction::new(Ebreak, 0, 0, 0, 0)),
        (0x0ff0_000f, Instruction::new(Fence, 0, 0, 0, 0)),
        (0x8330_000f, Instruction::new(Fence, 0, 0, 0, 0)), // fence.tso
    ];
    for (word, ins) in known {
        assert_eq!(decode(word), Ok(ins), "{word:#010x}");
    }
}

#[test]
fn rejects_reserved_and_non_rv32im_encodings() {
    let reject = |word: u32| {
        let e = decode(word).expect_err(&format!("{word:#010x} must be rejected"));
        assert_eq!(e.word, word);
        assert!(e.to_string().contains(&format!("{word:#010x}")));
        e.reason
    };
    // Compressed and all-zero words.
    assert_eq!(reject(0x0000_0000), DecodeErrorReason::Compressed);
    assert_eq!(reject(0x0000_4501), DecodeErrorReason::Compressed); // c.li a0, 0
                                                                    // Unknown major opcodes: AMO, LOAD-FP, OP-FP, 64-bit OP-32.
    for word in [
        0x0000_002f,
        0x0000_0007,
        0x0000_0053,
        0x0000_003b,
        0x0000_001b,
    ] {
        assert!(matches!(reject(word), DecodeErrorReason::UnknownOpcode(_)));
    }
    // Reserved funct3.
    for word in [
        0x0000_1067u32, // JALR funct3 = 1
        0x0000_2063,    // BRANCH funct3 = 2
        0x0000_3063,    // BRANCH funct3 = 3
        0x0000_3003,    // LD (RV64)
        0x0000_6003,    // LWU (RV64)
        0x0000_7003,
        0x0000_3023, // SD (RV64)
        0x0000_4023,
        0x0000_2000 | 0x0f, // MISC-MEM funct3 = 2
    ] {
        assert!(
            matches!(reject(word), DecodeErrorReason::ReservedFunct3 { .. }),
            "{word:#010x}"
        );
    }
    // Reserved funct7: SLLI with bit 25 set (RV64 shamt), SRLI/SRAI with other
    // funct7, R-type with unknown funct7, SUB-like funct7 on AND.
    for word in [
        0x0200_1013u32,
        0x0200_5013,
        0x6000_5013,
        0x4000_1013,
        0x4000_7033,
        0x0400_0033,
        0x8000_0033,
        0x4000_1033, // funct7 0x20 on SLL
    ] {
        assert!(
            matches!(reject(word), DecodeErrorReason::ReservedFunct7 { .. }),
            "{word:#010x}"
        );
    }
    assert_eq!(reject(0x0000_100f), DecodeErrorReason::FenceI);
    // CSR instructions, MRET, WFI, ECALL with nonzero fields.
    for word in [
        0x3000_2073u32,
        0x3020_0073,
        0x1050_0073,
        0x0000_00f3,
        0x0020_0073,
    ] {
        assert_eq!(reject(word), DecodeErrorReason::UnsupportedSystem);
    }
}

#[test]
fn every_word_decodes_or_errors_without_panicking() {
    let mut rng = Rng::new(7);
    let mut ok = 0;
    for _ in 0..200_000 {
        let word = rng.next_u32();
        if let Ok(ins) = decode(word) {
            ok += 1;
            assert!(!ins.opcode.is_virtual());
            // Decoding is canonical up to ignored FENCE fields.
            if ins.opcode != Opcode::Fence {
                assert_eq!(encode(&ins), word, "{ins}");
            }
        }
    }
    assert!(ok > 0);
}

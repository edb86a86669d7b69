//! Spanish texts.

use super::{Ad, Chat, Mail, Pack, Report, Sel, Sos, Words};

pub(crate) static PACK: Pack = Pack {
    sep: " ",
    thousands: '.',
    report: Report {
        open: [
            &[
                "El {date} una persona llamada {persona} me escribió diciendo que se había equivocado de número.",
                "Conocí a {persona} en una aplicación de citas y me recomendó invertir en {platform}.",
                "{persona} decía ser una inversora de éxito en Hong Kong.",
            ],
            &[
                "Conocí a {persona} en Facebook; decía ser ingeniero en una plataforma petrolera.",
                "Durante {days} días mantuve una relación en línea con {persona}.",
            ],
            &[
                "Después de perder dinero con {platform}, busqué ayuda en internet.",
                "Un supuesto abogado me llamó diciendo que podía recuperar mi dinero.",
            ],
            &["Vi un anuncio de {platform} que vendía {item} muy barato."],
            &[
                "El {date} recibí un mensaje ofreciendo trabajo desde casa con comisiones diarias.",
                "Alguien de {platform} me ofreció un puesto de {job} sin experiencia.",
            ],
        ],
        story: [
            &[
                "Al principio invertí poco y pude retirar, así que confié.",
                "En {days} días transferí un total de {amount} USDT.",
                "Cuando quise retirar, dijeron que la cuenta estaba congelada y debía pagar {fee} USDT.",
            ],
            &[
                "Me pidió {amount} dólares para pagar la aduana.",
                "Cada vez que enviaba dinero había un problema nuevo.",
            ],
            &["Me pidieron una comisión previa de {fee} USDT."],
            &["Pagué {amount} dólares y nunca recibí el pedido."],
            &[
                "Tenía que recargar la cuenta para desbloquear tareas.",
                "El saldo quedó en negativo y pidieron {fee} USDT más.",
            ],
        ],
        close: &[
            "En total perdí unos {amount} dólares. Por favor, ayúdenme.",
            "Lo denuncié a la policía pero no hay novedades.",
            "Conservo todas las capturas de pantalla.",
        ],
        noise: &["¿Es legítima esta página de inversión? Todavía no me han pedido dinero."],
        bridge: &["Después otro grupo me contactó diciendo que podía recuperar mi dinero."],
        laundering: &["En la blockchain se ve que el dinero pasó a {sel}."],
    },
    sel: Sel {
        phone: &["Su número: {sel}", "Me llamaban desde {sel}."],
        whatsapp: &["Su WhatsApp: {sel}"],
        telegram: &["Atención al cliente en Telegram: {sel}"],
        line: &["LINE: {sel}"],
        wechat: &["WeChat: {sel}"],
        domain: &["La web era {sel}.", "Me registré en {sel}."],
        email: &["Su correo: {sel}"],
        wallet: &["Envié USDT a la dirección {sel}."],
        iban: &["Transferí a la cuenta IBAN {sel}."],
        bank: &["Transferí a la cuenta {sel}."],
        app: &["Me hicieron instalar la app desde {sel}."],
        url: &["Enlace recibido: {sel}"],
        exchange: &["Compré USDT en {exchange} y envié desde {sel}."],
        hotline: &["Llamé a la línea de ayuda {sel}."],
        channel: &["En el grupo {sel} hay más víctimas."],
        own: &["Pueden contactarme en {sel}."],
    },
    ad: Ad {
        title: &[
            "Se busca personal de atención al cliente en {country}, {salary} USD",
            "Urgente: {job}, sin experiencia",
        ],
        intro: &["Empresa internacional en {city} busca {job}."],
        perks: &[
            "Sueldo de {salary} USD.",
            "Vuelo, visado y alojamiento gratis.",
        ],
        reqs: &["Edad 18-35 años, saber escribir a máquina."],
        contact: &[
            "t:Contacto por Telegram {sel}",
            "w:WhatsApp {sel}",
            "e:Envía tu CV a {sel}",
        ],
    },
    sos: Sos {
        title: &[
            "¡Ayuda! Mi {relative} está atrapado en {compound}",
            "Desaparecido: {name}, {age} años",
        ],
        body: &[
            "{name} ({age}) salió de casa el {date} para un trabajo de {job}.",
            "Le quitaron el pasaporte y lo obligan a estafar por internet.",
            "Hace {days} días que no sabemos nada de {name}.",
        ],
        last: &["El último mensaje llegó desde {sel}."],
        plea: &["Por favor, compartan."],
    },
    chat: Some(&Chat {
        greet: &[
            "Hola, ¿es usted el señor García?",
            "Perdón, número equivocado 😅",
            "¡Buenos días!",
            "Hola, soy {persona}.",
        ],
        small: &["¿Ya comiste?", "¿A qué te dedicas?", "Hoy hace mucho calor"],
        pitch: &[
            "Esta semana gané un {percent}%.",
            "Prueba con poco, 500 USDT.",
        ],
        link: &["Regístrate aquí: {sel}", "Descarga la app: {sel}"],
        deposit: &["Deposita solo en esta dirección: {sel}"],
        profit: &["¡Felicidades! Hoy ganaste {amount} USDT"],
        blocked: &[
            "Tu retiro está en revisión.",
            "Debes pagar {fee} USDT de impuestos.",
        ],
        fee: &["Envía la comisión a {sel}."],
        affection: &["Te extraño ❤️", "Buenas noches, amor"],
        recovery: &["Somos una agencia de recuperación autorizada."],
        job: &[
            "Buscamos personal a tiempo parcial con pago diario.",
            "Contacta a la recepcionista {sel} para recibir tareas.",
        ],
        shop: &[
            "Sí, está disponible, original.",
            "Primero el pago, enviamos en 24 horas.",
        ],
        pay: &["Transfiere a: {sel}"],
        victim: &["Ok", "Gracias", "¿Cómo lo hago?", "Ya lo envié", "Sí"],
        doubt: &[
            "¿Por qué no puedo retirar?",
            "Esto es una estafa.",
            "Voy a denunciarlos.",
        ],
        group: &[
            "¡Bienvenidos nuevos miembros!",
            "Retiro exitoso, gracias profe",
        ],
        friend: &[
            "Cuidado con las estafas",
            "¿Vienes el domingo?",
            "Línea de ayuda: {sel}",
        ],
    }),
    mail: Some(&Mail {
        notice_subj: &["Aviso de retiro: impuesto pendiente"],
        notice: &[
            "Su retiro de {amount} USDT está en revisión.",
            "Debe pagar {fee} USDT antes de liberar los fondos.",
        ],
        recovery_subj: &["Podemos recuperar sus criptomonedas"],
        recovery: &[
            "Hemos rastreado sus fondos.",
            "Se requiere una comisión de {fee} USDT.",
        ],
        offer_subj: &["Oferta de empleo: {job} en {city}"],
        offer: &[
            "Nos complace ofrecerle el puesto de {job} en {city}.",
            "Sueldo de {salary} USD; la empresa paga vuelo y visado.",
        ],
        complaint_subj: &["Denuncia: estafa de {platform}"],
        complaint: &[
            "Quiero denunciar la estafa de {platform}.",
            "Adjunto capturas de pantalla.",
        ],
        newsletter_subj: &["Alerta: ofertas de empleo falsas en el extranjero"],
        newsletter: &["No pague a quien promete recuperar su dinero."],
        hello: &["Estimado cliente:", "Hola {victim}:"],
        bye: &["Saludos cordiales,"],
    }),
    web: None,
    words: Words {
        relatives: &["hijo", "hija", "hermano", "hermana", "esposo", "primo"],
        jobs: &[
            "atención al cliente",
            "captura de datos",
            "ventas en línea",
            "traductor",
        ],
        items: &[
            "un iPhone 15 Pro",
            "una aspiradora Dyson",
            "unas zapatillas Nike",
        ],
        countries: ["Myanmar", "Camboya", "Laos", "Filipinas", "Tailandia"],
    },
};
